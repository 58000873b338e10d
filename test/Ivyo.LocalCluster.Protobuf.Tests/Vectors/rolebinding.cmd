kubectl create rolebinding rb --role=r --user=alice --serviceaccount=default:sa --group=g
