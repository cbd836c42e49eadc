// The shop's own behaviour (a cart in localStorage); Clickstream needs none of it.
const CART_KEY = 'fernwood_cart'

const readCart = () => {
  try {
    return JSON.parse(localStorage.getItem(CART_KEY) ?? '[]')
  } catch {
    return []
  }
}

const writeCart = (cart) => localStorage.setItem(CART_KEY, JSON.stringify(cart))

const euros = (amount) => `€${amount.toFixed(2)}`

const renderCount = (cart) => {
  const count = cart.reduce((sum, item) => sum + item.quantity, 0)
  for (const badge of document.querySelectorAll('[data-cart-count]')) badge.textContent = count
}

const renderCart = (cart) => {
  const table = document.querySelector('[data-cart-table]')
  if (!table) return
  document.querySelector('[data-cart-empty]').hidden = cart.length > 0
  table.hidden = cart.length === 0
  const rows = cart.map((item) => {
    const row = document.createElement('tr')
    for (const text of [item.name, String(item.quantity), euros(item.price * item.quantity)]) {
      row.append(Object.assign(document.createElement('td'), { textContent: text }))
    }
    return row
  })
  document.querySelector('[data-cart-items]').replaceChildren(...rows)
  const total = cart.reduce((sum, item) => sum + item.price * item.quantity, 0)
  document.querySelector('[data-cart-total]').textContent = euros(total)
}

document.querySelector('#add-to-cart')?.addEventListener('click', (event) => {
  const button = event.currentTarget
  const cart = readCart()
  const id = button.dataset.csProduct
  const item = cart.find((entry) => entry.id === id)
  if (item) item.quantity++
  else
    cart.push({ id, name: button.dataset.name, price: Number(button.dataset.price), quantity: 1 })
  writeCart(cart)
  renderCount(cart)
  document.querySelector('.added').hidden = false
})

if (location.pathname === '/thanks.html') writeCart([])
renderCount(readCart())
renderCart(readCart())
