/// IAM's wildcard matching for action names and ARNs: `*` matches any run of characters and `?` exactly one.
enum IAMWildcard {
    /// True when the whole of `text` matches `pattern`; action names compare without regard to case, as IAM does.
    static func matches(_ pattern: String, _ text: String, caseInsensitive: Bool = false) -> Bool {
        let patternScalars = Array((caseInsensitive ? pattern.lowercased() : pattern).unicodeScalars)
        let textScalars = Array((caseInsensitive ? text.lowercased() : text).unicodeScalars)
        var patternIndex = 0
        var textIndex = 0
        // Position of the last `*` seen and the text position it was tried at, for backtracking.
        var starIndex: Int?
        var starTextIndex = 0
        while textIndex < textScalars.count {
            if patternIndex < patternScalars.count
                && (patternScalars[patternIndex] == "?" || patternScalars[patternIndex] == textScalars[textIndex])
            {
                patternIndex += 1
                textIndex += 1
            } else if patternIndex < patternScalars.count && patternScalars[patternIndex] == "*" {
                starIndex = patternIndex
                starTextIndex = textIndex
                patternIndex += 1
            } else if let star = starIndex {
                patternIndex = star + 1
                starTextIndex += 1
                textIndex = starTextIndex
            } else {
                return false
            }
        }
        while patternIndex < patternScalars.count && patternScalars[patternIndex] == "*" {
            patternIndex += 1
        }
        return patternIndex == patternScalars.count
    }
}
