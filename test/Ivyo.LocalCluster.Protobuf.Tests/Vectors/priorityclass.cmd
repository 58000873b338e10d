kubectl create priorityclass pc --value=1000 --description=hi --preemption-policy=Never
