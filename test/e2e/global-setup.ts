import type { TestProject } from "vitest/node";
import { startServer, type RunningServer } from "./server";

let server: RunningServer | null = null;

/** One production server with the demo organisation for all browser journeys. */
export async function setup(project: TestProject) {
  server = await startServer();
  project.provide("baseURL", server.url);
}

export async function teardown() {
  await server?.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
  }
}
