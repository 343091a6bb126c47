/// A product of the seed catalog, inserted by the catalog migration.
struct SeedProduct: Sendable {
    let sku: String          // unique, upper-case letters, digits and dashes, <= 32 chars
    let name: String         // unique display name
    let description: String  // one or two sentences, 80-220 characters, plain text
    let priceCents: Int      // price in US cents, 199...49999
    let category: String     // a category slug from SeedCatalog.categories
    let stock: Int           // units on hand, 0...250
}

/// A category of the seed catalog.
struct SeedCategory: Sendable {
    let slug: String        // lower-case with dashes, e.g. "kitchen"
    let name: String        // display name, e.g. "Kitchen & Dining"
    let description: String // one sentence
}

/// The catalog a fresh database starts with: 72 products in 8 categories, all priced in USD.
enum SeedCatalog {
    static let categories: [SeedCategory] = [
        SeedCategory(slug: "kitchen", name: "Kitchen & Dining", description: "Cookware, knives, coffee gear and tableware for everyday cooking and entertaining."),
        SeedCategory(slug: "home-office", name: "Home Office", description: "Desk accessories, writing instruments and ergonomic helpers for a productive workspace."),
        SeedCategory(slug: "outdoors", name: "Outdoors & Camping", description: "Tents, sleeping gear and trail essentials for hiking and camping trips."),
        SeedCategory(slug: "audio", name: "Audio", description: "Headphones, speakers, turntables and cables for listening at home and on the go."),
        SeedCategory(slug: "apparel", name: "Apparel", description: "Comfortable, durable clothing and accessories made from natural and technical fabrics."),
        SeedCategory(slug: "books", name: "Books", description: "Cookbooks, field guides, novels and practical handbooks for curious readers."),
        SeedCategory(slug: "toys-games", name: "Toys & Games", description: "Board games, puzzles and building sets for kids, families and game nights."),
        SeedCategory(slug: "garden", name: "Garden", description: "Tools, planters, seeds and watering gear for balconies, yards and vegetable beds."),
    ]

    static let products: [SeedProduct] = [
        // MARK: Kitchen & Dining
        SeedProduct(sku: "KIT-CHEF-KNIFE-20", name: "Chef's Knife, 20 cm", description: "Forged high-carbon stainless steel chef's knife with a full tang and a riveted pakkawood handle. Holds a keen edge for slicing, dicing and mincing.", priceCents: 7999, category: "kitchen", stock: 85),
        SeedProduct(sku: "KIT-CUTTING-BOARD-WAL", name: "Walnut End-Grain Cutting Board", description: "Thick end-grain walnut board, 40 x 30 cm, that is gentle on knife edges. Finished with food-safe mineral oil and fitted with non-slip rubber feet.", priceCents: 8900, category: "kitchen", stock: 42),
        SeedProduct(sku: "KIT-WHETSTONE-1000", name: "Whetstone Set, 1000/6000 Grit", description: "Double-sided sharpening stone with a bamboo base and angle guide. Use the coarse side to restore an edge and the fine side to polish it.", priceCents: 3499, category: "kitchen", stock: 67),
        SeedProduct(sku: "KIT-FRENCH-PRESS-1L", name: "French Press, 1 Liter", description: "Borosilicate glass coffee press with a stainless steel frame and a four-layer mesh filter. Brews eight cups of full-bodied coffee in four minutes.", priceCents: 3299, category: "kitchen", stock: 120),
        SeedProduct(sku: "KIT-BURR-GRINDER", name: "Manual Burr Coffee Grinder", description: "Hand-crank grinder with conical ceramic burrs and 18 click settings, from fine espresso to coarse French press grounds. Holds 30 g of beans.", priceCents: 4599, category: "kitchen", stock: 58),
        SeedProduct(sku: "KIT-CAST-IRON-26", name: "Cast Iron Skillet, 26 cm", description: "Pre-seasoned cast iron pan that goes from stovetop to oven to campfire. Retains heat evenly for searing steaks and baking cornbread.", priceCents: 3999, category: "kitchen", stock: 96),
        SeedProduct(sku: "KIT-PAN-SCRAPER-SET", name: "Chain Mail Pan Scrubber", description: "Stainless steel chain mail scrubber that lifts stuck-on food from cast iron without stripping the seasoning. Dishwasher safe.", priceCents: 1299, category: "kitchen", stock: 140),
        SeedProduct(sku: "KIT-LINEN-TABLECLOTH", name: "Linen Tablecloth, 140 × 240 cm", description: "Stonewashed European linen tablecloth in natural oatmeal. Soft, absorbent and easy care; seats six to eight at a rectangular table.", priceCents: 6900, category: "kitchen", stock: 3),
        SeedProduct(sku: "KIT-BRULEE-TORCH", name: "Kitchen Torch for Crème Brûlée", description: "Refillable butane torch with an adjustable flame and a safety lock. Caramelizes sugar toppings, melts cheese and chars peppers.", priceCents: 2499, category: "kitchen", stock: 74),

        // MARK: Home Office
        SeedProduct(sku: "OFF-FOUNTAIN-PEN-M", name: "Fountain Pen, Medium Nib", description: "Brass-bodied fountain pen with a polished steel medium nib and a piston converter. Balanced for long writing sessions and journaling.", priceCents: 5400, category: "home-office", stock: 38),
        SeedProduct(sku: "OFF-INK-BOTTLE-BLUE", name: "Bottled Ink, Midnight Blue, 50 ml", description: "Water-based fountain pen ink in a deep midnight blue. Flows smoothly, dries quickly and cleans out of pens easily with water.", priceCents: 1499, category: "home-office", stock: 110),
        SeedProduct(sku: "OFF-NOTEBOOK-A5-DOT", name: "Dot Grid Notebook, A5", description: "Hardcover notebook with 192 numbered pages of 100 gsm fountain-pen-friendly paper, two ribbon markers and an elastic closure.", priceCents: 1899, category: "home-office", stock: 175),
        SeedProduct(sku: "OFF-DESK-MAT-FELT", name: "Wool Felt Desk Mat, 80 x 40 cm", description: "Thick merino wool felt desk pad that protects the desktop and gives the mouse a smooth glide. Cork backing keeps it from sliding.", priceCents: 4200, category: "home-office", stock: 64),
        SeedProduct(sku: "OFF-MONITOR-STAND", name: "Bamboo Monitor Stand", description: "Raises a monitor 12 cm to eye level to ease neck strain. Solid bamboo shelf with storage space underneath for a keyboard or notebooks.", priceCents: 3900, category: "home-office", stock: 52),
        SeedProduct(sku: "OFF-LED-DESK-LAMP", name: "Adjustable LED Desk Lamp", description: "Aluminum desk lamp with a swiveling arm, five color temperatures and stepless dimming. Includes a USB-C charging port in the base.", priceCents: 6499, category: "home-office", stock: 47),
        SeedProduct(sku: "OFF-ERGO-FOOTREST", name: "Ergonomic Footrest", description: "Tilting footrest with a textured massage surface that improves posture and circulation while seated at a desk for long hours.", priceCents: 3299, category: "home-office", stock: 29),
        SeedProduct(sku: "OFF-CABLE-ORGANIZER", name: "Under-Desk Cable Tray", description: "Steel mesh tray that mounts under the desk with screws or clamps and hides power strips, chargers and tangled cables out of sight.", priceCents: 2799, category: "home-office", stock: 88),
        SeedProduct(sku: "OFF-LETTER-TRAY-OAK", name: "Oak Letter Tray, Two Tier", description: "Stackable solid oak document tray for A4 and letter-size paper. Keeps incoming mail and outgoing paperwork neatly separated.", priceCents: 4500, category: "home-office", stock: 0),

        // MARK: Outdoors & Camping
        SeedProduct(sku: "OUT-TENT-2P", name: "Backpacking Tent, 2 Person", description: "Freestanding three-season tent weighing 1.9 kg, with two doors, two vestibules and a waterproof ripstop fly. Pitches in under five minutes.", priceCents: 24900, category: "outdoors", stock: 22),
        SeedProduct(sku: "OUT-SLEEPING-BAG-0C", name: "Down Sleeping Bag, 0 C", description: "Mummy sleeping bag filled with 650-fill responsibly sourced down, rated for comfort to 0 C. Packs into the included compression sack.", priceCents: 18900, category: "outdoors", stock: 31),
        SeedProduct(sku: "OUT-SLEEPING-PAD", name: "Inflatable Sleeping Pad", description: "Insulated air pad, 7 cm thick, with an R-value of 4.2 for cold ground. Inflates in about 15 breaths and rolls to the size of a water bottle.", priceCents: 11900, category: "outdoors", stock: 36),
        SeedProduct(sku: "OUT-HEADLAMP-350", name: "Rechargeable Headlamp, 350 Lumens", description: "Lightweight headlamp with spot, flood and red night-vision modes. Charges over USB-C and runs up to 40 hours on the low setting.", priceCents: 3999, category: "outdoors", stock: 95),
        SeedProduct(sku: "OUT-BACKPACK-45L", name: "Trekking Backpack, 45 L", description: "Ventilated trekking pack with an adjustable torso length, hip-belt pockets, a rain cover and a hydration sleeve for multi-day hikes.", priceCents: 15900, category: "outdoors", stock: 18),
        SeedProduct(sku: "OUT-WATER-FILTER", name: "Squeeze Water Filter", description: "Hollow-fiber filter that removes 99.9999% of bacteria and protozoa from streams and lakes. Screws onto standard bottles and soft pouches.", priceCents: 3499, category: "outdoors", stock: 72),
        SeedProduct(sku: "OUT-CAMP-STOVE", name: "Compact Canister Stove", description: "Folding gas stove with piezo ignition that boils a liter of water in about three and a half minutes. Fits inside most camp pots.", priceCents: 4999, category: "outdoors", stock: 44),
        SeedProduct(sku: "OUT-TITANIUM-POT", name: "Titanium Cook Pot, 900 ml", description: "Ultralight titanium pot with folding handles, a vented lid and volume markings. Nests a fuel canister and a small stove for packing.", priceCents: 5499, category: "outdoors", stock: 4),
        SeedProduct(sku: "OUT-TREKKING-POLES", name: "Carbon Trekking Poles, Pair", description: "Three-section carbon fiber poles with cork grips and quick flick-lock adjustment from 105 to 135 cm. Includes mud baskets and rubber tips.", priceCents: 8900, category: "outdoors", stock: 27),

        // MARK: Audio
        SeedProduct(sku: "AUD-OVER-EAR-ANC", name: "Wireless Over-Ear Headphones", description: "Bluetooth headphones with active noise cancelling, memory foam ear cushions and up to 35 hours of playback per charge.", priceCents: 17900, category: "audio", stock: 54),
        SeedProduct(sku: "AUD-HEADPHONE-STAND", name: "Walnut Headphone Stand", description: "Solid walnut stand with a weighted aluminum base that keeps headphones off the desk and protects the headband from stretching.", priceCents: 3499, category: "audio", stock: 61),
        SeedProduct(sku: "AUD-TURNTABLE-BELT", name: "Belt-Drive Turntable", description: "Two-speed turntable with an aluminum platter, adjustable counterweight and a built-in switchable phono preamp. Dust cover included.", priceCents: 29900, category: "audio", stock: 14),
        SeedProduct(sku: "AUD-BOOKSHELF-SPKRS", name: "Powered Bookshelf Speakers, Pair", description: "Active two-way speakers with 4-inch woofers, a phono input, optical input and Bluetooth. A complete stereo system for a turntable.", priceCents: 34900, category: "audio", stock: 12),
        SeedProduct(sku: "AUD-SPEAKER-STANDS", name: "Desktop Speaker Stands, Pair", description: "Angled steel stands that raise bookshelf speakers to ear height and decouple them from the desk with silicone pads for cleaner bass.", priceCents: 4999, category: "audio", stock: 2),
        SeedProduct(sku: "AUD-PORTABLE-SPKR", name: "Portable Bluetooth Speaker", description: "Rugged waterproof speaker rated IP67 with 360-degree sound, a carabiner loop and 20 hours of battery life. Floats in water.", priceCents: 7999, category: "audio", stock: 105),
        SeedProduct(sku: "AUD-EARBUDS-TWS", name: "True Wireless Earbuds", description: "Compact earbuds with touch controls, transparency mode and a pocketable charging case that adds three extra full charges.", priceCents: 9900, category: "audio", stock: 130),
        SeedProduct(sku: "AUD-RCA-CABLE-2M", name: "Shielded RCA Cable, 2 m", description: "Stereo RCA interconnect with oxygen-free copper conductors, double shielding and gold-plated connectors for turntables and amplifiers.", priceCents: 1999, category: "audio", stock: 160),
        SeedProduct(sku: "AUD-RECORD-BRUSH", name: "Carbon Fiber Record Brush", description: "Anti-static brush with thousands of carbon fiber bristles that lifts dust from vinyl grooves before each play. Wooden handle and cap.", priceCents: 1499, category: "audio", stock: 145),

        // MARK: Apparel
        SeedProduct(sku: "APP-MERINO-TEE-M", name: "Merino Wool T-Shirt", description: "Lightweight 150 gsm merino wool tee that regulates temperature and resists odor for days of wear on the trail or while traveling.", priceCents: 6500, category: "apparel", stock: 90),
        SeedProduct(sku: "APP-RAIN-JACKET", name: "Packable Rain Jacket", description: "Waterproof, breathable three-layer shell with taped seams, an adjustable hood and pit zips. Stuffs into its own chest pocket.", priceCents: 14900, category: "apparel", stock: 40),
        SeedProduct(sku: "APP-FLEECE-MIDLAYER", name: "Grid Fleece Half-Zip", description: "Breathable grid fleece pullover that traps warmth and dries fast. Layers under a shell for cold hikes or wears alone around town.", priceCents: 7900, category: "apparel", stock: 66),
        SeedProduct(sku: "APP-HIKING-SOCKS-3", name: "Hiking Socks, 3-Pack", description: "Cushioned merino blend crew socks with a reinforced heel and toe and arch support. Keep feet dry and blister-free on long days.", priceCents: 3200, category: "apparel", stock: 200),
        SeedProduct(sku: "APP-CANVAS-CHINOS", name: "Canvas Work Chinos", description: "Durable cotton canvas trousers with a gusseted crotch, a hint of stretch and reinforced pockets. Straight fit, softened by washing.", priceCents: 8500, category: "apparel", stock: 55),
        SeedProduct(sku: "APP-LEATHER-BELT", name: "Full-Grain Leather Belt", description: "Vegetable-tanned full-grain leather belt, 35 mm wide, with a solid brass buckle. Develops a rich patina over years of wear.", priceCents: 5500, category: "apparel", stock: 70),
        SeedProduct(sku: "APP-WOOL-BEANIE", name: "Ribbed Wool Beanie", description: "Soft ribbed knit beanie in a merino and cashmere blend with a fold-over cuff. Warm without itching and one size fits most.", priceCents: 2900, category: "apparel", stock: 125),
        SeedProduct(sku: "APP-TOUCH-GLOVES", name: "Touchscreen Knit Gloves", description: "Stretch knit gloves with conductive fingertips for using a phone outdoors and a silicone grip pattern printed on the palms.", priceCents: 2400, category: "apparel", stock: 1),
        SeedProduct(sku: "APP-FLANNEL-SHIRT", name: "Brushed Flannel Shirt", description: "Heavyweight cotton flannel shirt brushed on both sides for softness, with two button-flap chest pockets. Classic plaid pattern.", priceCents: 6900, category: "apparel", stock: 48),

        // MARK: Books
        SeedProduct(sku: "BOK-COOKBOOK-WEEKNIGHT", name: "The Weeknight Kitchen", description: "A cookbook of 120 simple recipes that come together in 30 minutes or less, with shopping lists and tips for cooking ahead.", priceCents: 2999, category: "books", stock: 80),
        SeedProduct(sku: "BOK-BREAD-BAKING", name: "Sourdough from Scratch", description: "A step-by-step guide to keeping a starter and baking crusty country loaves, baguettes and focaccia in a home oven. Hardcover.", priceCents: 3499, category: "books", stock: 45),
        SeedProduct(sku: "BOK-SONGBIRDS-GUIDE", name: "Field Guide to Songbirds – Eastern Edition", description: "Compact field guide covering 300 species with color illustrations, range maps and descriptions of songs and calls.", priceCents: 2499, category: "books", stock: 62),
        SeedProduct(sku: "BOK-NIGHT-SKY-ATLAS", name: "Atlas of the Night Sky", description: "Star charts for every season, with a guide to finding planets, nebulae and galaxies using binoculars or a small telescope.", priceCents: 2799, category: "books", stock: 33),
        SeedProduct(sku: "BOK-TRAIL-HANDBOOK", name: "The Backcountry Handbook", description: "Practical advice on route planning, navigation with map and compass, leave-no-trace camping and first aid far from the road.", priceCents: 2299, category: "books", stock: 57),
        SeedProduct(sku: "BOK-NOVEL-LIGHTHOUSE", name: "The Lighthouse Keeper's Daughter", description: "A novel about a young woman who inherits a remote lighthouse and uncovers a family secret hidden in the keeper's old logbooks.", priceCents: 1799, category: "books", stock: 110),
        SeedProduct(sku: "BOK-VEG-GARDENING", name: "The Small-Space Vegetable Garden", description: "How to grow tomatoes, greens, herbs and beans in raised beds and containers, with planting calendars for every climate zone.", priceCents: 2599, category: "books", stock: 49),
        SeedProduct(sku: "BOK-CALLIGRAPHY-WB", name: "Modern Calligraphy Workbook", description: "A practice workbook with tracing sheets and drills for learning brush and pointed pen lettering, from basic strokes to full words.", priceCents: 1999, category: "books", stock: 73),
        SeedProduct(sku: "BOK-BOARD-GAME-DESIGN", name: "Designing Tabletop Games", description: "An introduction to game design covering mechanics, playtesting, balancing and prototyping your own board and card games.", priceCents: 3199, category: "books", stock: 0),

        // MARK: Toys & Games
        SeedProduct(sku: "TOY-PUZZLE-1000-MAP", name: "Jigsaw Puzzle, Vintage World Map, 1000 Pieces", description: "A 1000-piece jigsaw puzzle of an antique world map, printed on thick recycled board with a linen finish. Finished size 68 x 49 cm.", priceCents: 2499, category: "toys-games", stock: 86),
        SeedProduct(sku: "TOY-PUZZLE-MAT", name: "Roll-Up Puzzle Mat", description: "Felt puzzle mat with an inflatable tube and storage bag that lets you roll up a puzzle in progress of up to 1500 pieces.", priceCents: 1999, category: "toys-games", stock: 64),
        SeedProduct(sku: "TOY-STRATEGY-GAME", name: "Harbor Traders Board Game", description: "A strategy board game for 2 to 5 players who build shipping routes, trade goods and bid for harbor contracts. Plays in 60 minutes.", priceCents: 4499, category: "toys-games", stock: 41),
        SeedProduct(sku: "TOY-CARD-SLEEVES", name: "Card Sleeves, 200 Pack", description: "Clear, acid-free card sleeves that protect board game and trading cards from wear and spills. Fits standard 63.5 x 88 mm cards.", priceCents: 799, category: "toys-games", stock: 190),
        SeedProduct(sku: "TOY-DICE-SET-RESIN", name: "Resin Dice Set, 7 Pieces", description: "A full polyhedral dice set for tabletop role-playing games, cast in swirled resin with inked numbers. Comes in a velvet pouch.", priceCents: 1499, category: "toys-games", stock: 150),
        SeedProduct(sku: "TOY-WOOD-BLOCKS-100", name: "Wooden Building Blocks, 100 Pieces", description: "Smooth beech wood blocks in classic shapes, finished with non-toxic water-based paint. Stored in a canvas drawstring bag.", priceCents: 3999, category: "toys-games", stock: 37),
        SeedProduct(sku: "TOY-MARBLE-RUN", name: "Wooden Marble Run", description: "A modular marble run with 60 wooden track pieces, funnels and a spiral tower. Encourages building and experimenting; ages 4 and up.", priceCents: 5499, category: "toys-games", stock: 23),
        SeedProduct(sku: "TOY-CHESS-SET-WOOD", name: "Folding Wooden Chess Set", description: "Hand-finished folding chess board, 38 cm, with felted Staunton pieces stored inside. Doubles as a backgammon board on the back.", priceCents: 4999, category: "toys-games", stock: 3),
        SeedProduct(sku: "TOY-KITE-DELTA", name: "Delta Kite, 150 cm", description: "Easy-flying ripstop nylon delta kite with fiberglass spars and a 50 m line on a winder. Launches in light breezes for beginners.", priceCents: 2999, category: "toys-games", stock: 58),

        // MARK: Garden
        SeedProduct(sku: "GAR-PRUNING-SHEARS", name: "Bypass Pruning Shears", description: "Forged steel bypass pruners with a sap groove and shock-absorbing spring. Cuts live branches up to 20 mm cleanly without crushing.", priceCents: 3499, category: "garden", stock: 77),
        SeedProduct(sku: "GAR-GLOVES-LEATHER", name: "Goatskin Gardening Gloves", description: "Supple goatskin leather gloves with extended canvas cuffs that protect hands and forearms from thorns while pruning roses.", priceCents: 2299, category: "garden", stock: 93),
        SeedProduct(sku: "GAR-RAISED-BED-CEDAR", name: "Cedar Raised Garden Bed, 120 x 60 cm", description: "Untreated western red cedar raised bed, 30 cm deep, that resists rot naturally. Assembles without tools using slide-in corner posts.", priceCents: 12900, category: "garden", stock: 16),
        SeedProduct(sku: "GAR-POTTING-SOIL-20", name: "Organic Potting Mix, 20 L", description: "Peat-free potting mix of composted bark, coir and worm castings. Light and well-draining for containers, raised beds and seedlings.", priceCents: 1499, category: "garden", stock: 130),
        SeedProduct(sku: "GAR-HEIRLOOM-SEEDS", name: "Heirloom Vegetable Seed Collection", description: "Twelve packets of open-pollinated heirloom seeds including tomatoes, pole beans, lettuce, carrots and zucchini, with sowing guides.", priceCents: 2499, category: "garden", stock: 115),
        SeedProduct(sku: "GAR-WATERING-CAN-9L", name: "Galvanized Watering Can, 9 L", description: "Classic galvanized steel watering can with a long spout and a removable brass rose for gentle watering of seedlings and pots.", priceCents: 4499, category: "garden", stock: 35),
        SeedProduct(sku: "GAR-HOSE-15M", name: "Expandable Garden Hose, 15 m", description: "Lightweight hose that stretches to 15 m under water pressure and shrinks back for storage. Includes a spray nozzle with eight patterns.", priceCents: 3999, category: "garden", stock: 60),
        SeedProduct(sku: "GAR-HAND-TROWEL", name: "Stainless Steel Hand Trowel", description: "Sturdy one-piece stainless steel trowel with depth markings and an ash wood handle, for planting bulbs, seedlings and herbs.", priceCents: 1899, category: "garden", stock: 102),
        SeedProduct(sku: "GAR-TERRACOTTA-POTS", name: "Terracotta Pots with Saucers, Set of 3", description: "Unglazed terracotta planters in 12, 16 and 20 cm sizes with matching saucers. Porous clay helps roots breathe and prevents overwatering.", priceCents: 3299, category: "garden", stock: 48),
    ]
}
