kubectl create namespace x
