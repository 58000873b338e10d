kubectl create job j --image=busybox -- echo hi
