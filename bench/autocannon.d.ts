/** The few parts of autocannon's API the benchmark uses (the package ships no types). */
declare module "autocannon" {
  namespace autocannon {
    type Options = Record<string, unknown>;
    type Result = { errors: number; timeouts: number; duration: number; [key: string]: unknown };
    interface Instance {
      on(event: string, listener: (...args: never[]) => void): Instance;
      stop(): void;
    }
  }
  function autocannon(options: autocannon.Options, done: (error: Error | null, result: autocannon.Result) => void): autocannon.Instance;
  export default autocannon;
}
