/**
 * The commands of the README's ```sh blocks under the `## ` headings named, in the README's order.
 * A command runs on over lines while a single quote is open, as a shell reads a pasted block.
 */
export function readmeCommands(readme: string, headings: string[]): string[] {
  const sections = readme.split(/^## /m);
  return headings.flatMap((heading) => {
    const section = sections.find((text) => text.startsWith(`${heading}\n`));
    if (!section) throw new Error(`the README has no "## ${heading}" section`);
    return [...section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].flatMap(([, block]) => commandsOf(block));
  });
}

function commandsOf(block: string): string[] {
  const commands: string[] = [];
  let current = '';
  for (const line of block.split('\n')) {
    if (!current && !line.trim()) continue;
    current = current ? `${current}\n${line}` : line;
    const quoteOpen = (current.match(/'/g) ?? []).length % 2 === 1;
    if (!quoteOpen && !current.endsWith('\\')) {
      commands.push(current);
      current = '';
    }
  }
  if (current) throw new Error(`a command in the README never ends: ${current}`);
  return commands;
}
