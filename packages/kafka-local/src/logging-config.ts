/**
 * A log4j2 configuration (properties syntax, which needs no extra jar) that writes the whole
 * broker log to one file, appending so a restarted node keeps its history.
 */
export function log4jProperties(logFile: string): string {
  // Properties-file escaping: log4j2 reads this file with java.util.Properties.
  const file = logFile.replace(/\\/g, '\\\\')
  return [
    'status = warn',
    // Kafka logs its own shutdown from a JVM shutdown hook; log4j's hook would close the file
    // first and lose those lines (and warn about it).
    'shutdownHook = disable',
    'appender.file.type = File',
    'appender.file.name = file',
    `appender.file.fileName = ${file}`,
    'appender.file.append = true',
    'appender.file.layout.type = PatternLayout',
    'appender.file.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = INFO',
    'rootLogger.appenderRef.file.ref = file',
    // The same quiet loggers as Kafka's own config/log4j2.yaml.
    'logger.request.name = kafka.request.logger',
    'logger.request.level = WARN',
    'logger.zookeeper.name = org.apache.zookeeper',
    'logger.zookeeper.level = WARN',
    '',
  ].join('\n')
}
