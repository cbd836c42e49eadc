import { spawn } from 'node:child_process'

/** What a finished command left behind. */
export type CommandResult = {
  /** Exit code, or `null` when a signal ended the command. */
  code: number | null
  stdout: string
  stderr: string
}

/** Options of {@link runCommand}. */
export type RunCommandOptions = {
  cwd?: string
  env?: NodeJS.ProcessEnv
}

/**
 * Runs a command to completion and collects its output; rejects only when it cannot be started
 * (the error's `code` is `'ENOENT'` when the executable is missing).
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunCommandOptions = {}
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
    child.once('error', reject)
    child.once('close', (code) => {
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      })
    })
  })
}

/** True when `error` says the executable was not found. */
export function isCommandMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT'
}

/** The last `lines` lines of a text, for error messages. */
export function lastLines(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n')
}
