import { killAll } from './children.ts';
import { FlagError } from './flags.ts';

/**
 * Runs an entry point: parses its flags (exit 2 with the usage when they are wrong, 0 after
 * --help), then exits with main's code, or 1 after ending every child if main throws.
 */
export function runCommandLine<F>(parse: (argv: string[]) => F | 'help', usage: string, main: (flags: F) => Promise<number>, name: string): void {
  let flags: F | 'help';
  try {
    flags = parse(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof FlagError) && !(error instanceof TypeError)) throw error;
    console.error(`${error.message}\n\n${usage}`);
    process.exit(2);
  }
  if (flags === 'help') {
    console.log(usage);
    process.exit(0);
  }
  main(flags).then(
    (code) => process.exit(code),
    async (error: unknown) => {
      if (error instanceof FlagError) console.error(error.message);
      else console.error(`\n${name} failed: ${(error as Error)?.stack ?? error}`);
      await killAll();
      process.exit(1);
    },
  );
}
