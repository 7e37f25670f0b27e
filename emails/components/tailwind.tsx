import {
  Body,
  Button,
  CodeBlock,
  CodeInline,
  Container,
  Heading,
  Hr,
  Img,
  Link,
  Preview,
  Text,
} from "@react-email/components";
import { inlineStyles, sanitizeStyleSheet, setupTailwind } from "@react-email/tailwind";
import { Children, cloneElement, isValidElement, type CSSProperties, type ReactElement, type ReactNode } from "react";

// Tailwind classes in emails become inline styles, as with React Email's <Tailwind>. That component builds and
// parses the whole stylesheet again for every email (several milliseconds of a blocked event loop in the worker,
// which is also provisioning instances); the same class lists come back in every email, so here each one's style
// is worked out once and kept. Only classes that can be inlined are allowed: no media queries, no hover.
type Compiler = Awaited<ReturnType<typeof setupTailwind>>;
let compiler: Promise<Compiler> | undefined;
let ready: Compiler | undefined;
const styles = new Map<string, CSSProperties>();

/** Compiles Tailwind once per process; awaited before the first email renders. */
export async function loadTailwind() {
  compiler ??= setupTailwind({});
  ready = await compiler;
}

function styleOf(className: string): CSSProperties {
  const known = styles.get(className);
  if (known) return known;
  if (!ready) throw new Error("loadTailwind() must finish before an email renders");
  const classes = className.trim().split(/\s+/);
  ready.addUtilities(classes);
  const sheet = ready.getStyleSheet();
  sanitizeStyleSheet(sheet);
  const unknown = classes.filter((c) => Object.keys(inlineStyles(sheet, [c])).length === 0);
  if (unknown.length) throw new Error(`Email classes that cannot be inlined: ${unknown.join(" ")}`);
  const style = inlineStyles(sheet, classes) as CSSProperties;
  styles.set(className, style);
  return style;
}

type Props = { className?: string; style?: CSSProperties; children?: ReactNode };
type Renderable = (props: Props) => ReactNode;

// React Email's own components take their styles as props (they work out margins and padding from them), so they
// are styled like elements rather than rendered here.
const STYLED_AS_ELEMENTS = new Set<unknown>([
  Body,
  Button,
  CodeBlock,
  CodeInline,
  Container,
  Heading,
  Hr,
  Img,
  Link,
  Preview,
  Text,
]);

const renderOf = (element: ReactElement): Renderable | null => {
  const type = element.type as unknown;
  if (STYLED_AS_ELEMENTS.has(type)) return null;
  if (typeof type === "function") return type as Renderable;
  if (typeof type === "object" && type && "render" in type) return (type as { render: Renderable }).render;
  return null;
};

// Other components are rendered here (as React Email's version does) so the elements they make get styles too.
function inline(node: ReactNode): ReactNode {
  return Children.map(node, (child) => {
    if (!isValidElement<Props>(child)) return child;
    const render = renderOf(child);
    if (render) return inline(render(child.props));
    const { className, style, children } = child.props;
    const props: Props = className ? { className: undefined, style: { ...styleOf(className), ...style } } : {};
    return cloneElement(child, props, ...(children === undefined ? [] : [inline(children)]));
  });
}

export function Tailwind({ children }: { children: ReactNode }) {
  return <>{inline(children)}</>;
}
