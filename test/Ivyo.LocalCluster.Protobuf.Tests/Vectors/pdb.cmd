kubectl create poddisruptionbudget pdb --selector=app=nginx --min-available=1
