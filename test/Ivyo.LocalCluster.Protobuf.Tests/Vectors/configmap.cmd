kubectl create configmap cm --from-literal=a=1 --from-literal=b=two --from-file=blob=/tmp/cap/blob.bin
