import { useEffect } from 'react';

/** Sets the window title (WCAG 2.4.2) to the page's heading and the node's name. */
export function usePageTitle(title: string, nodeName?: string): void {
  useEffect(() => {
    document.title = nodeName ? `${title} — ${nodeName}` : title;
  }, [title, nodeName]);
}
