/** What a route renders: the page title and the HTML of `<main>`. */
export interface View {
  title: string
  html: string
}

/** Answers the view of a path, or undefined when no route matches. */
export type Routes = (path: string, query: URLSearchParams) => View | undefined

/**
 * A client-side router on the History API: links marked `data-link` navigate with `pushState`,
 * back and forward re-render on `popstate`. The Clickstream SDK notices every navigation by
 * itself; the app never tells it.
 */
export const startRouter = (root: HTMLElement, routes: Routes, notFound: View) => {
  const render = () => {
    const view = routes(location.pathname, new URLSearchParams(location.search)) ?? notFound
    document.title = `${view.title} · Fernwood Goods`
    root.innerHTML = view.html
  }
  const navigate = (href: string) => {
    history.pushState(null, '', href)
    render()
  }
  document.addEventListener('click', (event) => {
    const link = (event.target as Element).closest<HTMLAnchorElement>('a[data-link]')
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return
    event.preventDefault()
    if (link.href !== location.href) navigate(link.href)
  })
  addEventListener('popstate', render)
  render()
  return {
    navigate,
    /** Changes the URL of the current view without a new history entry (a search filter). */
    replace: (href: string) => {
      history.replaceState(null, '', href)
      render()
    },
  }
}
