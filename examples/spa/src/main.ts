import { createClickstream } from '@clickstream/sdk'
import { PRODUCTS, productById } from './products.js'
import { startRouter, type View } from './router.js'
import './styles.css'

// The collector's events URL: filled into the page by server.mjs, or from VITE_COLLECTOR_URL
// when `vite` serves the app.
const configured = document.querySelector<HTMLMetaElement>('meta[name="clickstream-endpoint"]')
const endpoint =
  configured && !configured.content.startsWith('{{')
    ? configured.content
    : `${(import.meta.env.VITE_COLLECTOR_URL as string | undefined) ?? 'http://127.0.0.1:8080'}/v1/events`

const euros = (amount: number) => `€${amount.toFixed(2)}`
const ENTITIES: Record<string, string> = { '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }
const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&${ENTITIES[c]};`)

const productList = (query: string) => {
  const shown = PRODUCTS.filter((p) => p.name.toLowerCase().includes(query.toLowerCase()))
  return shown
    .map(
      (p) => `<li><a href="/products/${p.id}" data-link class="product-link">${escape(p.name)}</a>
        <span class="price">${euros(p.price)}</span></li>`
    )
    .join('')
}

const routes = (path: string, query: URLSearchParams): View | undefined => {
  if (path === '/') {
    return {
      title: 'Home',
      html: `<h1>Autumn at the workshop</h1>
        <p>Stoneware, canvas and linen. <a href="/products" data-link id="shop-now">Shop now</a></p>`,
    }
  }
  if (path === '/products') {
    const q = query.get('q') ?? ''
    return {
      title: 'Products',
      html: `<h1>Products</h1>
        <form id="search"><input id="q" name="q" type="search" placeholder="Search" value="${escape(q)}">
        <button type="submit">Search</button></form>
        <ul class="products">${productList(q)}</ul>`,
    }
  }
  const product = path.startsWith('/products/') && productById(path.slice('/products/'.length))
  if (product) {
    return {
      title: product.name,
      html: `<h1>${escape(product.name)}</h1><p>${escape(product.blurb)}</p>
        <p class="price">${euros(product.price)}</p>
        <button id="add-to-cart" data-cs-action="add_to_cart" data-cs-product="${product.id}">
          Add to cart</button>
        <p class="added" hidden>Added to your cart.</p>`,
    }
  }
  if (path === '/about') {
    return { title: 'About', html: '<h1>About</h1><p>A demo shop for the Clickstream SDK.</p>' }
  }
  return undefined
}

const app = document.querySelector<HTMLElement>('#app')!
const router = startRouter(app, routes, { title: 'Not found', html: '<h1>Not found</h1>' })

// One instance for the app's lifetime, made after the first render so that the first page view
// has the route's title; it captures that page view and every route change after it.
const clickstream = createClickstream({ endpoint })

// The search filter rewrites the query of the current entry: a `replaceState` navigation.
app.addEventListener('submit', (event) => {
  event.preventDefault()
  const q = new FormData(event.target as HTMLFormElement).get('q')
  router.replace(q ? `/products?q=${encodeURIComponent(String(q))}` : '/products')
})

app.addEventListener('click', (event) => {
  const button = (event.target as Element).closest('#add-to-cart')
  if (!button) return
  app.querySelector<HTMLElement>('.added')!.hidden = false
  // `data-cs-action` already sends the action; this is how code adds its own events.
  clickstream.track('cart_updated', { items: 1 })
})
