// Second names for ECR wire models that share a name with a domain type in ControlPlane. Inside a module
// that declares its own `ReplicationConfiguration`, the bare name means the local one and
// `AWSClient.ReplicationConfiguration` resolves to the `AWSClient` class, so these aliases are the way
// to name ECR's shapes there.
public typealias ECRCreateRepositoryRequest = CreateRepositoryRequest
public typealias ECRReplicationConfiguration = ReplicationConfiguration
public typealias ECRReplicationDestination = ReplicationDestination
public typealias ECRReplicationRule = ReplicationRule
public typealias ECRRepositoryFilter = RepositoryFilter
