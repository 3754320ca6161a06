print("ecr-control-plane")
