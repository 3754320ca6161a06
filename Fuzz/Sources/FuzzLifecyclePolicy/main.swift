import FuzzSupport

FuzzerDriver.run(fuzzLifecyclePolicy)
