import { useEffect, useRef, type ReactNode } from 'react';

let firstContentMarked = false;

/**
 * A screen's frame: its heading and the document title. `ready` is when its first content is
 * on the page: the first time, performance gets the mark the browser suite and bench/ read
 * ('trasealla:first-view', navigation start to first content).
 */
export function Screen({
  title,
  ready = true,
  actions,
  children,
}: {
  title: string;
  ready?: boolean;
  actions?: ReactNode;
  children: ReactNode;
}) {
  useEffect(() => {
    document.title = `${title} · Trasealla CRM`;
  }, [title]);
  useEffect(() => {
    if (ready && !firstContentMarked) {
      firstContentMarked = true;
      performance.mark('trasealla:first-view');
    }
  }, [ready]);
  const heading = useRef<HTMLHeadingElement>(null);
  return (
    <>
      <div className="screen-head">
        <h1 ref={heading}>{title}</h1>
        {actions ? <div className="actions">{actions}</div> : null}
      </div>
      {children}
    </>
  );
}
