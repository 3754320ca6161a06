import FuzzSupport

FuzzerDriver.run(fuzzHTTPRequestParser)
