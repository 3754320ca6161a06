import FuzzSupport

FuzzerDriver.run(fuzzChunkedBody)
