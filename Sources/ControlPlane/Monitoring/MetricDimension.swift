import AWSClient

/// CloudWatch's metric dimension. The alias exists because Foundation's `Dimension` (units of measure)
/// hides it in files that import Foundation, and the module and its client class share the name `AWSClient`.
typealias MetricDimension = Dimension
