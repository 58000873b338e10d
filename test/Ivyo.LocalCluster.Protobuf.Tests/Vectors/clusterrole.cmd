kubectl create clusterrole cr --verb=get --resource=nodes --non-resource-url=/logs/*
