kubectl create serviceaccount sa
