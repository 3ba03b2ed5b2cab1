// Reads [{tex, display}] as JSON on stdin; prints a JSON list of KaTeX errors (empty when all render).
const katex = require("katex");
let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const errors = [];
  for (const { tex, display } of JSON.parse(input)) {
    try {
      katex.renderToString(tex, { displayMode: display, throwOnError: true, strict: "error" });
    } catch (err) {
      errors.push(`${err.message} in: ${tex.slice(0, 200)}`);
    }
  }
  process.stdout.write(JSON.stringify(errors));
});
