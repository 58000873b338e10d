kubectl create service clusterip svc --tcp=5678:8080
