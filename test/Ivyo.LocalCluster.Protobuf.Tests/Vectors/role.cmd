kubectl create role r --verb=get,list --resource=pods --resource-name=p1
