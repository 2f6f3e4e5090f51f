#!/usr/bin/env node
// The consumer test: what a user does with the published packages. Packs every package
// (through its prepack/postpack, as `npm publish` would), installs the tarballs into a scratch
// app outside the workspace (no access to the sources), and there: type-checks under strict
// settings with moduleResolution "bundler" and "node", runs `vite build`, renders <ChatView>
// on the server, imports the packages under the react-server condition, runs the `haip` bin,
// and drives one <StrictMode> turn in headless Chromium. Needs a build first (`npm test` runs
// it after turbo's build). The scratch app's node_modules is kept between runs as a cache.
import { execFileSync } from "node:child_process"
import { createHash } from "node:crypto"
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { checkInBrowser, checkStrictModeTurnInBrowser } from "./consumer-browser.mjs"
import { packAndCheck } from "./consumer-tarball.mjs"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const template = join(root, "scripts", "consumer-app")
// Kept between runs: its node_modules is the cache that makes a second run fast. One per
// checkout, so two clones on one machine do not install into each other's app.
const checkoutId = createHash("sha256").update(root).digest("hex").slice(0, 8)
const scratch = join(tmpdir(), `aichatkit-consumer-app-${checkoutId}`)
const tarballs = join(scratch, "tarballs")
const started = performance.now()

/** What the scratch app installs beside the tarballs; a user's Vite + React 19 app. */
const appDependencies = {
  "@apollo/client": "^4.0.0",
  graphql: "^16.0.0",
  react: "^19.2.0",
  "react-dom": "^19.2.0",
  "react-server-dom-webpack": "^19.2.0",
  rxjs: "^7.8.0",
}
const appDevDependencies = {
  "@types/react": "^19.2.0",
  "@types/react-dom": "^19.2.0",
  "@vitejs/plugin-react": "^6.0.0",
  typescript: "~5.9.0",
  vite: "^8.0.0",
}

/**
 * The same app on React 18, which the packages' peer range (>=18.2) still promises: it needs
 * no React Server Components loader, and takes React 18's own types.
 */
const react18 = {
  directory: `${scratch}-react18`,
  dependencies: {
    ...appDependencies,
    react: "^18.3.0",
    "react-dom": "^18.3.0",
    "react-server-dom-webpack": undefined,
  },
  devDependencies: {
    ...appDevDependencies,
    "@types/react": "^18.3.0",
    "@types/react-dom": "^18.3.0",
  },
}

function run(command, args, options = {}) {
  try {
    return execFileSync(command, args, { encoding: "utf8", stdio: "pipe", ...options })
  } catch (error) {
    throw new Error(
      `${command} ${args.join(" ")} failed:\n${error.stdout ?? ""}${error.stderr ?? ""}`,
    )
  }
}

const failures = []

/**
 * Runs one check and prints what it found. A failed check is reported and the next one still
 * runs (they are independent once the app is installed), so one run shows every problem.
 */
async function step(title, action, { prerequisite = false } = {}) {
  const stepStarted = performance.now()
  console.log(`consumer: ${title}`)
  try {
    await action()
  } catch (error) {
    console.log(`  FAILED: ${error.message.replace(/\n/g, "\n    ")}`)
    failures.push(title)
    if (prerequisite) finish()
  }
  console.log(`  (${((performance.now() - stepStarted) / 1000).toFixed(1)} s)`)
}

function finish() {
  const seconds = ((performance.now() - started) / 1000).toFixed(0)
  if (failures.length === 0) {
    console.log(`consumer: every check passed in ${seconds} s`)
    process.exit(0)
  }
  console.log(`consumer: ${failures.length} checks failed in ${seconds} s: ${failures.join("; ")}`)
  process.exit(1)
}

const packageDirectories = readdirSync(join(root, "packages"))
  .map((name) => join(root, "packages", name))
  .filter((directory) => existsSync(join(directory, "package.json")))
  .filter((directory) => !JSON.parse(readFileSync(join(directory, "package.json"), "utf8")).private)

/** What is wrong with the tarballs, reported by the "tarball contents" step. */
const tarballProblems = []

/** Every package's tarball, as a dependency spec, once packed. */
const packedTarballs = {}

function packEveryPackage() {
  rmSync(tarballs, { recursive: true, force: true })
  mkdirSync(tarballs, { recursive: true })
  const packed = {}
  for (const directory of packageDirectories) {
    if (!existsSync(join(directory, "dist"))) {
      throw new Error(`${directory} has no dist: build first (npm run build)`)
    }
    const { name, filename, problems } = packAndCheck(directory, tarballs)
    packed[name] = `file:tarballs/${filename}`
    packedTarballs[name] = packed[name]
    tarballProblems.push(...problems)
  }
  console.log(`  ${Object.keys(packed).length} tarballs`)
  return packed
}

function checkTarballs() {
  if (tarballProblems.length > 0) throw new Error(tarballProblems.join("\n"))
  console.log("  each has LICENSE, README.md, every file its package.json names, source maps with")
  console.log(
    "  their sources, no @aichatkit/source condition, and npm publish --dry-run warned of nothing",
  )
}

/** The `## Example` code of an installed package's README, as a user copies it. */
function writeInstalledReadmeExample(packageName) {
  const readmePath = join(scratch, "node_modules", packageName, "README.md")
  const block = /## Example[\s\S]*?```tsx?\n([\s\S]*?)```/.exec(readFileSync(readmePath, "utf8"))
  if (block === null) throw new Error(`${packageName}'s README has no example under ## Example`)
  const file = `readme-${packageName.replace("@aichatkit/", "")}.ts`
  writeFileSync(join(scratch, "src", file), block[1])
}

/** The root README's adapter example, as a user copies it. */
function readmeExample() {
  const readme = readFileSync(join(root, "README.md"), "utf8")
  const block = /## Use it\s+```tsx\n([\s\S]*?)```/.exec(readme)
  if (block === null) throw new Error("README.md has no ```tsx block under ## Use it")
  return block[1]
}

function writeApp(
  packed,
  {
    directory = scratch,
    dependencies = appDependencies,
    devDependencies = appDevDependencies,
  } = {},
) {
  mkdirSync(directory, { recursive: true })
  rmSync(join(directory, "src"), { recursive: true, force: true })
  rmSync(join(directory, "dist"), { recursive: true, force: true })
  rmSync(join(directory, "dist-development"), { recursive: true, force: true })
  cpSync(template, directory, { recursive: true })
  writeFileSync(join(directory, "src", "readme-example.tsx"), readmeExample())
  // The tarballs are referenced relative to the app: every app points at the one packed set.
  const tarballDependencies = Object.fromEntries(
    Object.entries(packed).map(([name, spec]) => [
      name,
      spec.replace("file:tarballs/", `file:${tarballs}/`),
    ]),
  )
  const manifest = {
    name: "aichatkit-consumer-app",
    private: true,
    type: "module",
    dependencies: { ...tarballDependencies, ...dependencies },
    devDependencies,
  }
  writeFileSync(join(directory, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`)
}

function install(directory = scratch) {
  // A new tarball has the same name and version as the last one: drop the old copies so npm
  // installs the new ones; everything else comes from the kept node_modules or npm's cache.
  rmSync(join(directory, "package-lock.json"), { force: true })
  rmSync(join(directory, "node_modules", "@aichatkit"), { recursive: true, force: true })
  // --omit=peer: react-server-dom-webpack's peer webpack is for its bundler plugin, which the
  // Node loader used here does not need.
  run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--omit=peer"], {
    cwd: directory,
  })
  const installed = readdirSync(join(directory, "node_modules", "@aichatkit"))
  console.log(`  installed @aichatkit/${installed.join(", @aichatkit/")} from the tarballs`)
}

const bin = (name) => join(scratch, "node_modules", ".bin", name)

await step("pack every package", () => writeApp(packEveryPackage()), { prerequisite: true })
await step("tarball contents", checkTarballs)
await step(`install the tarballs into ${scratch}`, install, { prerequisite: true })
await step(
  "tsc --noEmit: strict, moduleResolution bundler, verbatimModuleSyntax, noImplicitOverride, skipLibCheck false",
  () => {
    for (const name of ["@aichatkit/types", "@aichatkit/network-adapter"]) {
      writeInstalledReadmeExample(name)
    }
    run(bin("tsc"), ["-p", "tsconfig.json"], { cwd: scratch })
    console.log("  every entry point, the root README's MyAdapter, ChatKit's adapter example and")
    console.log("  the examples of the types and network-adapter READMEs type-check")
  },
)
await step('tsc --noEmit: the same with moduleResolution "node"', () => {
  run(bin("tsc"), ["-p", "tsconfig.node10.json"], { cwd: scratch })
  console.log("  every package and styles.css resolve through main/types/typesVersions")
})
await step("vite build (production, and development for the StrictMode check)", () => {
  run(bin("vite"), ["build"], { cwd: scratch })
  console.log(`  built ${readdirSync(join(scratch, "dist", "assets")).join(", ")}`)
  const development = ["build", "--mode", "development", "--outDir", "dist-development"]
  run(bin("vite"), development, { cwd: scratch, env: { ...process.env, NODE_ENV: "development" } })
})
await step("SSR: renderToString(<ChatView>) in Node", () => {
  console.log(`  ${run("node", ["ssr.mjs"], { cwd: scratch }).trim()}`)
})
await step("import under the react-server condition (React Server Components)", () => {
  const args = ["--conditions=react-server", "--import", "./rsc-register.mjs", "rsc.mjs"]
  const output = run("node", args, { cwd: scratch })
  console.log(output.trim().replace(/^/gm, "  "))
})
await step("the haip bin from the installed tarball", () => {
  const output = run(bin("haip"), ["--help"], { cwd: scratch })
  if (!output.includes("Usage:")) throw new Error(`haip --help printed no usage:\n${output}`)
  console.log(`  haip --help: ${output.split("\n")[0]} ${output.split("\n")[1]?.trim()}`)
})
await step("headless Chromium: the built app", () =>
  checkInBrowser({
    production: join(scratch, "dist"),
    development: join(scratch, "dist-development"),
  }),
)
await step(
  "React 18: install, tsc (strict), SSR and one <StrictMode> turn in Chromium",
  async () => {
    const { directory } = react18
    writeApp(packedTarballs, react18)
    install(directory)
    const tsc = join(directory, "node_modules", ".bin", "tsc")
    const vite = join(directory, "node_modules", ".bin", "vite")
    run(tsc, ["-p", "tsconfig.json"], { cwd: directory })
    console.log("  every entry point and the README examples type-check against @types/react 18")
    console.log(`  ${run("node", ["ssr.mjs"], { cwd: directory }).trim()} (React 18)`)
    const development = ["build", "--mode", "development", "--outDir", "dist-development"]
    run(vite, development, { cwd: directory, env: { ...process.env, NODE_ENV: "development" } })
    await checkStrictModeTurnInBrowser(join(directory, "dist-development"))
  },
)
finish()
