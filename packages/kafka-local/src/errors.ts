/** Stable error codes of `@clickstream/kafka-local`; scripts and tests may branch on them. */
export type KafkaLocalErrorCode =
  | 'JAVA_MISSING'
  | 'JAVA_TOO_OLD'
  | 'MAVEN_MISSING'
  | 'RESOLVE_FAILED'
  | 'FORMAT_FAILED'
  | 'NODE_EXITED'
  | 'START_TIMEOUT'
  | 'PORT_IN_USE'
  | 'INVALID_OPTIONS'
  | 'DATA_DIR_MISMATCH'
  | 'UNKNOWN_NODE'
  | 'CLUSTER_STOPPED'

/** Root error of the package: every error it throws on purpose is one of these. */
export class KafkaLocalError extends Error {
  readonly code: KafkaLocalErrorCode
  /** True when trying again unchanged may succeed (a download, a port race, a slow start). */
  readonly retriable: boolean

  constructor(
    code: KafkaLocalErrorCode,
    message: string,
    options: { cause?: unknown; retriable?: boolean } = {}
  ) {
    super(message, { cause: options.cause })
    this.name = 'KafkaLocalError'
    this.code = code
    this.retriable = options.retriable ?? false
  }
}

/** A system tool (Java, Maven) is missing or too old; the message names the install command. */
export class MissingToolError extends KafkaLocalError {
  readonly tool: 'java' | 'mvn'
  readonly installCommand: string

  constructor(
    code: 'JAVA_MISSING' | 'JAVA_TOO_OLD' | 'MAVEN_MISSING',
    tool: 'java' | 'mvn',
    message: string,
    installCommand: string,
    cause?: unknown
  ) {
    super(code, message, { cause })
    this.name = 'MissingToolError'
    this.tool = tool
    this.installCommand = installCommand
  }
}

/** A Kafka node exited or did not become ready; carries each node's log file for diagnosis. */
export class KafkaStartError extends KafkaLocalError {
  /** Log file of each node involved, by node id. */
  readonly logFiles: Readonly<Record<number, string>>

  constructor(
    code: 'NODE_EXITED' | 'START_TIMEOUT' | 'FORMAT_FAILED',
    message: string,
    logFiles: Readonly<Record<number, string>>,
    cause?: unknown
  ) {
    super(code, message, { cause, retriable: code === 'START_TIMEOUT' })
    this.name = 'KafkaStartError'
    this.logFiles = logFiles
  }
}

/** True for any error thrown on purpose by this package. */
export function isKafkaLocalError(error: unknown): error is KafkaLocalError {
  return error instanceof KafkaLocalError
}
