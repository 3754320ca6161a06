import FuzzSupport

FuzzerDriver.run(fuzzReplicationConfiguration)
