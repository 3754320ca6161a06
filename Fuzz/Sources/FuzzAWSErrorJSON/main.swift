import FuzzSupport

FuzzerDriver.run(fuzzAWSErrorJSON)
