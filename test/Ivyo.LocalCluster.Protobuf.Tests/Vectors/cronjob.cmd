kubectl create cronjob cj --image=busybox --schedule='*/1 * * * *' -- echo hi
