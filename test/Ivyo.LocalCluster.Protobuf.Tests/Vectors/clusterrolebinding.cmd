kubectl create clusterrolebinding crb --clusterrole=cr --user=bob
