//! A deterministic generator of realistic briefings, for benchmarks and tests at any scale.
//! The same seed and count always give the same files.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

const FIRST: &[&str] = &[
    "Jeyhun",
    "Nasser",
    "Ana",
    "Jörg",
    "María",
    "José",
    "Ngozi",
    "Amara",
    "Li",
    "Wang",
    "Yuki",
    "Hiroshi",
    "Olena",
    "Dmytro",
    "Fatima",
    "Omar",
    "Ayşe",
    "Mehmet",
    "Søren",
    "Ingrid",
    "Luiz",
    "Beatriz",
    "Kwame",
    "Aditi",
    "Rahul",
    "Nguyễn",
    "Siosaia",
    "Aroha",
    "Tomás",
    "Zofia",
    "Paweł",
    "Élise",
    "François",
    "Björn",
    "Chiara",
    "Giorgos",
];
const LAST: &[&str] = &[
    "Bayramov",
    "Bourita",
    "Souza",
    "Weber",
    "García",
    "Pereira",
    "Okonjo",
    "Diallo",
    "Chen",
    "Yi",
    "Tanaka",
    "Sato",
    "Kovalenko",
    "Shevchenko",
    "Haddad",
    "Mansour",
    "Yılmaz",
    "Demir",
    "Jørgensen",
    "Larsen",
    "Silva",
    "Costa",
    "Mensah",
    "Sharma",
    "Iyer",
    "Văn An",
    "Tupou",
    "Ngata",
    "Fernández",
    "Kowalska",
    "Nowak",
    "Dubois",
    "Lefèvre",
    "Lindqvist",
    "Rossi",
    "Papadopoulos",
];
const SCRIPT_NAMES: &[&str] = &[
    "岸田文雄",
    "윤석열",
    "Сергей Лавров",
    "محمد بن سلمان",
    "Κυριάκος Μητσοτάκης",
    "王毅",
];
const ROLES: &[&str] = &[
    "Minister of Foreign Affairs",
    "Deputy Minister of Trade",
    "Prime Minister",
    "President",
    "Ambassador",
    "Minister of Energy",
    "Head of the delegation",
    "Secretary-General",
    "State Secretary for European Affairs",
    "Special Envoy for Climate",
];
const COUNTRIES: &[(&str, &str)] = &[
    ("Azerbaijan", "Baku"),
    ("Morocco", "Rabat"),
    ("Brazil", "Brasília"),
    ("Germany", "Berlin"),
    ("Nigeria", "Abuja"),
    ("Japan", "Tokyo"),
    ("Türkiye", "Ankara"),
    ("Norway", "Oslo"),
    ("India", "New Delhi"),
    ("Viet Nam", "Hà Nội"),
    ("Tonga", "Nukuʻalofa"),
    ("Poland", "Warsaw"),
    ("France", "Paris"),
    ("Greece", "Athens"),
    ("Kenya", "Nairobi"),
    ("Chile", "Santiago"),
];
const TOPICS: &[&str] = &[
    "Energy cooperation",
    "Trade and investment",
    "Regional security",
    "Climate finance",
    "Transport corridors and logistics",
    "Education and culture",
    "Migration and consular affairs",
    "Digital economy",
    "Agriculture and food security",
    "Health cooperation",
    "Ports and infrastructure",
    "Tourism",
];
const SENTENCES: &[&str] = &[
    "The sides exchanged views on bilateral relations and the regional situation.",
    "The ministers stressed the importance of regular political consultations.",
    "Both delegations noted progress since the previous session of the joint commission.",
    "The parties discussed the possibilities of expanding cooperation in the economic sphere.",
    "Views were exchanged on cooperation within multilateral platforms such as the United Nations.",
    "The importance of speeding up domestic procedures for the entry into force of agreements was emphasized.",
    "Business forums with the participation of companies from both countries were proposed.",
    "The sides agreed to continue consultations at the level of deputy ministers.",
    "A memorandum on renewable energy projects was reviewed.",
    "The delegations visited the port and discussed logistics capacity.",
];
const OUTCOMES: &[(&str, &str, &str)] = &[
    (
        "Memorandum of understanding on energy cooperation",
        "agreement",
        "signed",
    ),
    (
        "Agreement on the avoidance of double taxation",
        "agreement",
        "signed",
    ),
    (
        "Joint statement on the results of the talks",
        "statement",
        "issued",
    ),
    (
        "Hold the next session of the joint commission",
        "commitment",
        "agreed",
    ),
    (
        "Working group on logistics to report",
        "follow-up",
        "pending",
    ),
    ("Decision to open a trade mission", "decision", "adopted"),
];

/// Syllables of each script, for names made from an id: many distinct people (about one for
/// every two briefings), as a real archive has, in Latin with diacritics, Cyrillic, Greek,
/// Arabic and CJK.
const LATIN: &[&str] = &[
    "ba", "ra", "mo", "ki", "lé", "sa", "to", "ne", "vi", "ló", "da", "ur", "en", "ça", "gö", "ha",
    "ri", "zu", "pe", "ña", "jo", "ma", "li", "ko", "ta", "še", "dž", "an", "el", "or", "is", "um",
];
const CYRILLIC: &[&str] = &[
    "ва", "ле", "ри", "ко", "на", "ми", "та", "сер", "гей", "ол", "ен", "дмит", "ро", "ан", "ив",
    "ов",
];
const GREEK: &[&str] = &[
    "κυ", "ρι", "α", "κος", "μη", "τσο", "τά", "κης", "γιώρ", "γος", "νί", "κο", "ελ", "λη", "νας",
];
const ARABIC: &[&str] = &[
    "محم", "د", "عب", "دال", "له", "سل", "مان", "فا", "طم", "ة", "حس", "ين", "نا", "صر", "بو",
];
const CJK: &[&str] = &[
    "王", "李", "张", "刘", "陈", "岸", "田", "文", "雄", "伊", "藤", "晃", "毅", "明", "华", "国",
];

/// A name made of 2 to 3 syllables of `syllables`, from `id`.
fn word_of(id: u64, syllables: &[&str], capital: bool) -> String {
    let n = syllables.len() as u64;
    let count = 2 + (id % 2);
    let mut out = String::new();
    let mut x = id;
    for _ in 0..count {
        out.push_str(syllables[(x % n) as usize]);
        x /= n;
        x = x.wrapping_mul(2_654_435_761) >> 7;
    }
    if capital {
        let mut chars = out.chars();
        if let Some(first) = chars.next() {
            return first.to_uppercase().chain(chars).collect();
        }
    }
    out
}

/// Person number `id`: a first and a last name in one script (Latin most often).
fn person_name(id: u64) -> String {
    let (syllables, capital, join): (&[&str], bool, &str) = match id % 10 {
        0..=5 => (LATIN, true, " "),
        6 => (CYRILLIC, true, " "),
        7 => (GREEK, true, " "),
        8 => (ARABIC, false, " "),
        _ => (CJK, false, ""),
    };
    format!(
        "{}{join}{}",
        word_of(id, syllables, capital),
        word_of(id / 7 + 1_000_003, syllables, capital)
    )
}

/// Country number `id` of 190: real ones first, then made-up names of the same shape.
fn country_name(id: u64) -> String {
    match COUNTRIES.get(id as usize) {
        Some((name, _)) => (*name).to_string(),
        None => word_of(id * 31 + 7, LATIN, true) + "ia",
    }
}

fn pick<T: Copy>(rng: &mut StdRng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The YAML text of briefing number `n` of the corpus for `seed`.
pub fn briefing_yaml(seed: u64, n: u64) -> String {
    let mut rng = StdRng::seed_from_u64(seed.wrapping_mul(1_000_003).wrapping_add(n));
    let (host, city) = pick(&mut rng, COUNTRIES);
    let (guest, _) = pick(&mut rng, COUNTRIES);
    let topic = pick(&mut rng, TOPICS);
    let year = rng.random_range(2005..=2025);
    let month = rng.random_range(1..=12);
    let day = rng.random_range(1..=28);
    let days = rng.random_range(0..3);
    let mut y = String::new();
    let ordinal = rng.random_range(1..=30);
    let suffix = match ordinal {
        1 | 21 => "st",
        2 | 22 => "nd",
        3 | 23 => "rd",
        _ => "th",
    };
    let format = pick(
        &mut rng,
        &[
            "session of the joint commission",
            "round of consultations",
            "business forum",
            "strategic dialogue",
            "summit",
        ],
    );
    let title = format!(
        "{ordinal}{suffix} {host}–{guest} {format} on {} in {city}",
        topic.to_lowercase()
    );
    y.push_str(&format!("title: {}\n", quote(&title)));
    y.push_str(&format!("date: {year}-{month:02}-{day:02}\n"));
    if days > 0 {
        y.push_str(&format!("end_date: {year}-{month:02}-{:02}\n", day + days));
    }
    y.push_str(&format!(
        "location:\n  city: {}\n  country: {}\n",
        quote(city),
        quote(host)
    ));
    let summary: Vec<&str> = (0..rng.random_range(3..9))
        .map(|_| pick(&mut rng, SENTENCES))
        .collect();
    y.push_str(&format!("summary: {}\n", quote(&summary.join(" "))));
    y.push_str(&format!(
        "tags: [{}, {}]\n",
        quote(&host.to_lowercase()),
        quote(&guest.to_lowercase())
    ));
    y.push_str(&format!(
        "sources:\n  - publisher: {}\n    dateline: {}\n    published: {year}-{month:02}-{day:02}\n",
        quote(pick(&mut rng, &["Trend", "Reuters", "Agence France-Presse", "Kyodo", "Xinhua", "APA"])),
        quote(&format!("{}, {}", city.to_uppercase(), host))
    ));
    let count = rng.random_range(2..=8);
    let mut names = Vec::new();
    y.push_str("participants:\n");
    // 60,000 people, recurring across briefings: over 50,000 distinct at 100,000 briefings.
    let people = 60_000;
    for i in 0..count {
        let name = match rng.random_range(0..20) {
            0 => pick(&mut rng, SCRIPT_NAMES).to_string(),
            1..=4 => format!("{} {}", pick(&mut rng, FIRST), pick(&mut rng, LAST)),
            _ => person_name(rng.random_range(0..people)),
        };
        let country = if i % 2 == 0 {
            host.to_string()
        } else {
            country_name(rng.random_range(0..190))
        };
        // About 5,000 organizations: ministries, agencies and companies of the 190 countries.
        let organization = match rng.random_range(0..3) {
            0 => format!("Government of {country}"),
            1 => format!(
                "{} of {country}",
                pick(
                    &mut rng,
                    &[
                        "Ministry of Foreign Affairs",
                        "Ministry of Energy",
                        "Ministry of Trade",
                        "Central Bank",
                        "Port Authority",
                        "Chamber of Commerce",
                        "National Oil Company",
                        "Investment Agency",
                        "Ministry of Transport",
                        "Ministry of Agriculture",
                        "Ministry of Health",
                        "Ministry of Education",
                        "Development Bank",
                        "Customs Service",
                        "Railways",
                        "Airlines",
                        "Space Agency",
                        "Ministry of Defence",
                        "Ministry of Finance",
                        "Tourism Board",
                        "Statistics Office",
                        "Ministry of Justice",
                        "Water Authority",
                        "Electricity Company",
                        "Telecom Regulator"
                    ]
                )
            ),
            _ => format!(
                "{} Holdings",
                word_of(rng.random_range(0..2_000), LATIN, true)
            ),
        };
        y.push_str(&format!(
            "  - name: {}\n    role: {}\n    organization: {}\n    country: {}\n",
            quote(&name),
            quote(pick(&mut rng, ROLES)),
            quote(&organization),
            quote(&country)
        ));
        names.push(name);
    }
    y.push_str("timeline:\n");
    for i in 0..rng.random_range(3..=8) {
        y.push_str(&format!(
            "  - at: \"{:02}:{:02}\"\n    event: {}\n    participants: [{}]\n",
            9 + i,
            rng.random_range(0..4) * 15,
            quote(pick(&mut rng, SENTENCES)),
            quote(&names[i % names.len()])
        ));
    }
    y.push_str("agenda:\n");
    for _ in 0..rng.random_range(2..=6) {
        y.push_str(&format!(
            "  - topic: {}\n    summary: {}\n",
            quote(pick(&mut rng, TOPICS)),
            quote(pick(&mut rng, SENTENCES))
        ));
    }
    y.push_str("outcomes:\n");
    for _ in 0..rng.random_range(1..=5) {
        let (summary, kind, status) = pick(&mut rng, OUTCOMES);
        y.push_str(&format!(
            "  - summary: {}\n    kind: {kind}\n    status: {status}\n    parties: [{}, {}]\n",
            quote(summary),
            quote(host),
            quote(guest)
        ));
    }
    y
}

/// `count` briefings as (file name, YAML) pairs.
pub fn corpus(seed: u64, count: u64) -> Vec<(String, String)> {
    (0..count)
        .map(|n| (format!("generated-{n:06}.yaml"), briefing_yaml(seed, n)))
        .collect()
}
