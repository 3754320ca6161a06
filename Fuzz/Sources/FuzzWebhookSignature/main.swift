import FuzzSupport

FuzzerDriver.run(fuzzWebhookSignature)
