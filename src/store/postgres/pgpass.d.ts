/** The `pgpass` package (the driver's own dependency, without types of its own): a password file read as libpq reads it. */
declare module 'pgpass' {
  /** Calls `done` with the password of the file's first entry matching the login, or undefined. */
  export default function pgpass(
    login: { host?: string; port?: number; database?: string; user?: string },
    done: (password: string | undefined) => void,
  ): void;
}
