/** The shop's catalogue. */
export interface Product {
  id: string
  name: string
  price: number
  blurb: string
}

export const PRODUCTS: readonly Product[] = [
  { id: 'blue-mug', name: 'Blue stoneware mug', price: 14, blurb: 'Glazed by hand, holds 350 ml.' },
  {
    id: 'canvas-tote',
    name: 'Canvas tote bag',
    price: 22,
    blurb: 'Heavy cotton canvas, long handles.',
  },
  { id: 'linen-apron', name: 'Linen apron', price: 35, blurb: 'Washed linen with two pockets.' },
]

/** The product with this id, if any. */
export const productById = (id: string): Product | undefined => PRODUCTS.find((p) => p.id === id)
