"""Words the large demo builds believable vendors, products and customers from."""

from __future__ import annotations

__all__ = [
    "ADJECTIVES",
    "CITIES",
    "FIRST_NAMES",
    "KINDS",
    "LAST_NAMES",
    "MATERIALS",
    "OPTION_VALUES",
    "SHOP_WORDS",
    "STREETS",
]

# (noun, product type, SKU code, options, base price in cents)
KINDS = (
    ("T-Shirt", "Tops", "TSH", ("Size", "Colour"), 1_900),
    ("Hoodie", "Tops", "HOD", ("Size", "Colour"), 4_900),
    ("Wool Jumper", "Knitwear", "JMP", ("Size", "Colour"), 6_900),
    ("Linen Shirt", "Shirts", "SHI", ("Size",), 4_500),
    ("Denim Jacket", "Jackets", "JKT", ("Size",), 8_900),
    ("Rain Coat", "Jackets", "RCT", ("Size", "Colour"), 11_900),
    ("Sneakers", "Shoes", "SNK", ("Shoe size",), 7_900),
    ("Leather Boots", "Shoes", "BOT", ("Shoe size",), 14_900),
    ("Beanie", "Accessories", "BEA", ("Colour",), 1_500),
    ("Tote Bag", "Bags", "TOT", ("Colour",), 2_400),
    ("Backpack", "Bags", "BPK", ("Colour",), 6_500),
    ("Ceramic Mug", "Kitchen", "MUG", ("Colour",), 1_200),
    ("Cutting Board", "Kitchen", "CUT", ("Wood",), 3_200),
    ("Chef Knife", "Kitchen", "KNF", ("Length",), 5_900),
    ("Plant Pot", "Garden", "POT", ("Size",), 1_800),
    ("Watering Can", "Garden", "WAT", ("Volume",), 2_200),
    ("Table Lamp", "Lighting", "LMP", ("Finish",), 7_400),
    ("Pendant Light", "Lighting", "PND", ("Finish",), 9_900),
    ("Throw Pillow", "Home", "PIL", ("Size", "Colour"), 2_900),
    ("Wool Blanket", "Home", "BLK", ("Colour",), 8_900),
    ("Notebook", "Stationery", "NBK", ("Paper",), 900),
    ("Fountain Pen", "Stationery", "PEN", ("Finish",), 4_200),
    ("Yoga Mat", "Sports", "YOG", ("Colour",), 3_900),
    ("Water Bottle", "Sports", "BTL", ("Volume",), 1_900),
    ("Scented Candle", "Home", "CND", ("Scent",), 1_600),
    ("Paperback Novel", "Books", "BOK", ("Edition",), 1_400),
)
OPTION_VALUES = {
    "Size": ("XS", "S", "M", "L", "XL", "XXL"),
    "Colour": ("Black", "White", "Navy", "Sand", "Olive", "Rust"),
    "Shoe size": ("38", "39", "40", "41", "42", "43", "44", "45"),
    "Wood": ("Oak", "Walnut", "Ash", "Teak"),
    "Length": ("15 cm", "20 cm", "24 cm"),
    "Volume": ("0.5 l", "0.75 l", "1 l", "2 l", "5 l"),
    "Finish": ("Brass", "Copper", "Chrome", "Black"),
    "Paper": ("Plain", "Lined", "Dotted", "Squared"),
    "Scent": ("Cedar", "Fig", "Lavender", "Amber", "Sea Salt"),
    "Edition": ("Paperback", "Hardcover", "Large print"),
}
ADJECTIVES = (
    "Classic",
    "Everyday",
    "Organic",
    "Vintage",
    "Nordic",
    "Coastal",
    "Urban",
    "Alpine",
    "Essential",
    "Heritage",
    "Midnight",
    "Sunset",
    "Forest",
    "Harbour",
    "Meadow",
    "Studio",
)
MATERIALS = (
    "Cotton",
    "Linen",
    "Merino",
    "Recycled",
    "Bamboo",
    "Stoneware",
    "Oak",
    "Canvas",
    "Suede",
    "Hemp",
    "Cashmere",
    "Waxed",
)
SHOP_WORDS = (
    ("Fjord", "Atlas", "Lumen", "Birch", "Harbor", "Copper", "Saffron", "Juniper", "Nova"),
    ("Outfitters", "Goods", "Trading", "Supply", "Studio", "Works", "House", "Co", "Market"),
)
FIRST_NAMES = (
    "Ana", "Bo", "Cecilia", "Dmitri", "Elin", "Farah", "Gustav", "Hana", "Ines", "Jonas",
    "Kaja", "Liam", "Maja", "Nils", "Olga", "Pedro", "Rasmus", "Sofia", "Tariq", "Ulla",
    "Viktor", "Wen", "Yara", "Zoltan", "Amira", "Bjorn", "Chloe", "David", "Emma", "Felix",
)  # fmt: skip
LAST_NAMES = (
    "Lindqvist", "Okafor", "Nakamura", "Berg", "Garcia", "Novak", "Haddad", "Schmidt",
    "Rossi", "Andersson", "Kowalski", "Dubois", "Svensson", "Ahmed", "Moreau", "Jensen",
    "Fischer", "Silva", "Kim", "Murphy",
)  # fmt: skip
STREETS = ("Storgatan", "Torstrasse", "Rue de Rivoli", "Calle Mayor", "High Street", "Via Roma")
CITIES = (
    ("Malmo", "SE"),
    ("Stockholm", "SE"),
    ("Oslo", "NO"),
    ("Berlin", "DE"),
    ("Paris", "FR"),
    ("Madrid", "ES"),
    ("Rome", "IT"),
    ("Dublin", "IE"),
)
