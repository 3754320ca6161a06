// Lifecycle preview benchmark: evaluates bench/lifecycle/policy.json over synthetic images with the
// ControlPlane lifecycle sources compiled in, and writes the same images for the Python reference.
//
// Usage: lifecycle-bench POLICY_JSON IMAGES_TSV [IMAGE_COUNT]
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A deterministic 64-bit linear congruential generator, so every run and the reference see the same images.
struct Generator {
    var state: UInt64

    mutating func next(_ bound: Int) -> Int {
        self.state = self.state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((self.state >> 33) % UInt64(bound))
    }
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: lifecycle-bench POLICY_JSON IMAGES_TSV [IMAGE_COUNT]\n".utf8))
    exit(2)
}
let imageCount = arguments.count > 3 ? Int(arguments[3]) ?? 100_000 : 100_000
let nowSeconds = 1_800_000_000

// Synthetic repository: a year of pushes; 10% releases, 30% main builds, 20% pull requests, 10% feature
// builds (half also tagged dev), 30% untagged. Each release is a manifest list over two untagged images.
var generator = Generator(state: 42)
var images: [LifecycleImage] = []
var pushedSeconds: [Int] = []
images.reserveCapacity(imageCount)
for index in 0..<imageCount {
    let pushed = nowSeconds - generator.next(365 * 86_400)
    let kind = generator.next(10)
    let sha = String(generator.next(1 << 30), radix: 16)
    let tags: [String]
    switch kind {
    case 0: tags = ["release-1.\(index % 97).\(index)"] + (generator.next(50) == 0 ? ["latest-\(index)"] : [])
    case 1, 2, 3: tags = ["main-\(sha)"]
    case 4, 5: tags = ["pr-\(generator.next(5000))-\(sha)"]
    case 6: tags = ["feature-\(generator.next(300))-\(sha)"] + (generator.next(2) == 0 ? ["dev"] : [])
    default: tags = []
    }
    let digest = "sha256:" + String(format: "%016lx%08x", UInt64(index) &* 0x9E37_79B9_7F4A_7C15, index)
    images.append(LifecycleImage(digest: digest, tags: tags, pushedAt: Date(timeIntervalSince1970: Double(pushed))))
    pushedSeconds.append(pushed)
}
let untaggedDigests = images.filter(\.tags.isEmpty).map(\.digest)
var children: [String: [String]] = [:]
for image in images where image.tags.first?.hasPrefix("release-") == true && untaggedDigests.count >= 2 {
    children[image.digest] = [
        untaggedDigests[generator.next(untaggedDigests.count)], untaggedDigests[generator.next(untaggedDigests.count)],
    ]
}

var tsv = ""
for (index, image) in images.enumerated() {
    let childList = (children[image.digest] ?? []).joined(separator: ",")
    tsv += "\(image.digest)\t\(pushedSeconds[index])\t\(image.tags.joined(separator: ","))\t\(childList)\n"
}
try tsv.write(toFile: arguments[2], atomically: true, encoding: .utf8)

func seconds(_ start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
}

let policyData = try Data(contentsOf: URL(fileURLWithPath: arguments[1]))
let validateStart = DispatchTime.now()
let policy = try LifecyclePolicy(validating: policyData)
let validateSeconds = seconds(validateStart)

let evaluateStart = DispatchTime.now()
let evaluation = policy.evaluate(
    images,
    now: Date(timeIntervalSince1970: Double(nowSeconds)),
    referencedDigests: children
)
let evaluateSeconds = seconds(evaluateStart)

// FNV-1a over "digest:rule;" of every expired image in input order, the same in the reference.
var checksum: UInt64 = 0xCBF2_9CE4_8422_2325
var perRule: [Int: Int] = [:]
for result in evaluation.results {
    guard let rule = result.expiringRulePriority else { continue }
    perRule[rule, default: 0] += 1
    for byte in "\(result.image.digest):\(rule);".utf8 {
        checksum = (checksum ^ UInt64(byte)) &* 0x100_0000_01B3
    }
}
var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)
let perRuleText = perRule.keys.sorted().map { "\"\($0)\": \(perRule[$0]!)" }.joined(separator: ", ")
print(
    """
    {"implementation": "swift", "images": \(images.count), "expired": \(evaluation.expired.count), \
    "expiredPerRule": {\(perRuleText)}, "checksum": "\(String(checksum, radix: 16))", \
    "validateSeconds": \(String(format: "%.4f", validateSeconds)), \
    "evaluateSeconds": \(String(format: "%.4f", evaluateSeconds)), "maxRSSKiB": \(usage.ru_maxrss)}
    """
)
