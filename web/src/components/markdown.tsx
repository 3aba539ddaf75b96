import ReactMarkdown, { defaultUrlTransform, type Components } from 'react-markdown';

/*
 * An activity's notes as Markdown, rendered safely: no raw HTML (it is dropped, never parsed:
 * no rehype-raw), links only to http(s), mailto and tel (react-markdown's own URL check drops
 * javascript: and the like), opened in a new tab without handing it this window, and no images
 * (a picture would be fetched from wherever its address points: a link to it is shown). Headings are
 * shown as bold lines, so a note's "# Summary" does not compete with the page's own headings.
 * Loaded on first use (React.lazy): the renderer is not on the first screen's path.
 */

const heading = ({ children }: { children?: React.ReactNode }) => (
  <p className="md-heading">
    <strong>{children}</strong>
  </p>
);

const components: Components = {
  a: ({ href, children }) => (
    <a href={href} rel="noopener noreferrer" target="_blank">
      {children}
    </a>
  ),
  // A picture would be fetched from wherever it points: a link to it instead, named by its text.
  img: ({ src, alt }) =>
    src ? (
      <a href={typeof src === 'string' ? src : undefined} rel="noopener noreferrer" target="_blank">
        {alt || 'Image'}
      </a>
    ) : (
      <>{alt}</>
    ),
  h1: heading,
  h2: heading,
  h3: heading,
  h4: heading,
  h5: heading,
  h6: heading,
};

const SAFE_LINK = /^(https?:|mailto:|tel:|#|\/)/i;

const urlTransform = (url: string) => {
  const safe = defaultUrlTransform(url);
  return SAFE_LINK.test(safe) ? safe : '';
};

export default function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown skipHtml components={components} urlTransform={urlTransform}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
