kubectl create deployment nginx --image=nginx --port=80 --replicas=2
