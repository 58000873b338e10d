kubectl create token sa --duration=1h --audience=a
