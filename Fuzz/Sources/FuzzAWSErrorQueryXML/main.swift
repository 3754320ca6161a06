import FuzzSupport

FuzzerDriver.run(fuzzAWSErrorQueryXML)
