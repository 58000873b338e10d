kubectl create quota q --hard=cpu=1,memory=1G,pods=2 --scopes=BestEffort
