kubectl create secret generic s --from-literal=user=admin --type=Opaque
