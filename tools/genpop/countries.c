/* genpop/countries.c - the countries of the generated population: cities
 * with their time zones and postal code shapes, street names, phone
 * numbering (mobile prefixes of each national plan, virtual-number
 * ranges), residential IP ranges, document number shapes, mail providers
 * and bank account formats.
 *
 * IP ranges.  Residential ranges are blocks of the large consumer ISPs of
 * each country, each one checked to lie wholly in that country in the
 * IPFire location database as Debian's tor-geoipdb package ships it
 * (/usr/share/tor/geoip, "Generated: Thu, 25 Jun 2026", CC BY-SA 4.0) and
 * to overlap no network of the VPN and datacenter lists in
 * shared/data/ip/ (X4BNet lists_vpn 2026-08-22, jhassine
 * server-ip-addresses 2026-08-22).  VPN networks are entries of X4BNet's
 * output/vpn/ipv4.txt, hosting networks entries of jhassine's
 * datacenters.csv (AWS, Azure, GCP), each geolocating wholly to the
 * country given.
 *
 * Number patterns: '#' any digit, '%' a digit 2-9.  Phone numbers are random digits inside ranges the national plans
 * allocate to mobile (or VoIP) service, so libphonenumber takes them as
 * valid; they are synthetic and may be in service: never dial them.
 * Owns: static const tables only.
 * Thread-safety: immutable; share freely. */
#include <string.h>

#include "genpop.h"

#define ARR(a) a, VET_COUNTOF(a)
#define NONE NULL, 0

/* ---- United States ---------------------------------------------------- */
static const struct gp_city us_cities[] = {
    {"New York", "NY", "100##", "America/New_York", "212 646 917"},
    {"Brooklyn", "NY", "112##", "America/New_York", "718 347 929"},
    {"Chicago", "IL", "606##", "America/Chicago", "312 773 872"},
    {"Austin", "TX", "787##", "America/Chicago", "512 737"},
    {"Dallas", "TX", "752##", "America/Chicago", "214 469 972"},
    {"Houston", "TX", "770##", "America/Chicago", "713 281 832"},
    {"Denver", "CO", "802##", "America/Denver", "303 720"},
    {"Phoenix", "AZ", "850##", "America/Phoenix", "602 480"},
    {"Seattle", "WA", "981##", "America/Los_Angeles", "206"},
    {"San Francisco", "CA", "941##", "America/Los_Angeles", "415 628"},
    {"Los Angeles", "CA", "900##", "America/Los_Angeles", "213 323 310"},
    {"San Diego", "CA", "921##", "America/Los_Angeles", "619 858"},
    {"Atlanta", "GA", "303##", "America/New_York", "404 470 678"},
    {"Miami", "FL", "331##", "America/New_York", "305 786"},
    {"Boston", "MA", "021##", "America/New_York", "617 857"},
    {"Raleigh", "NC", "276##", "America/New_York", "919 984"},
    {"Minneapolis", "MN", "554##", "America/Chicago", "612"},
    {"Nashville", "TN", "372##", "America/Chicago", "615 629"},
    {"Portland", "OR", "972##", "America/Los_Angeles", "503 971"},
    {"Columbus", "OH", "432##", "America/New_York", "614 380"},
    {"Salt Lake City", "UT", "841##", "America/Denver", "801 385"},
};
static const char *const us_streets[] = {"Maple Ave", "Oak St", "Pine St", "Cedar Ln", "Elm St",
                                         "Washington Ave", "Lakeview Dr", "Park Blvd", "Main St",
                                         "Hillcrest Rd", "Willow Way", "Jefferson St", "2nd Ave", "Sunset Dr"};
/* NANP numbers are built from the city's area codes (ident.c); these are
 * the non-geographic personal-communication codes 5XX that libphonenumber
 * types as personal numbers. */
static const char *const us_voip[] = {"5002######", "5332######", "5443######", "5664######", "5775######",
                                      "5886######"};
static const char *const us_ips[] = {"73.0.0.0/10", "98.224.0.0/12", "68.32.0.0/11", "174.48.0.0/12",
                                     "71.192.0.0/12"};
static const char *const us_mail[] = {"gmail.com", "gmail.com", "gmail.com", "yahoo.com", "outlook.com",
                                      "hotmail.com", "icloud.com", "aol.com", "proton.me", "comcast.net"};

static const struct gp_city ca_cities[] = {
    {"Toronto", "ON", "M#@ #@#", "America/Toronto", "416 647 437"},
    {"Vancouver", "BC", "V#@ #@#", "America/Vancouver", "604 778 236"},
    {"Montréal", "QC", "H#@ #@#", "America/Toronto", "514 438"},
    {"Calgary", "AB", "T#@ #@#", "America/Edmonton", "403 587"},
    {"Ottawa", "ON", "K#@ #@#", "America/Toronto", "613 343"},
    {"Halifax", "NS", "B#@ #@#", "America/Halifax", "902 782"},
};
static const char *const ca_streets[] = {"Queen St W", "King St E", "Yonge St", "rue Saint-Denis",
                                         "boul. René-Lévesque", "Granville St", "Bloor St W", "Spring Garden Rd"};
static const char *const ca_ips[] = {"99.224.0.0/11", "70.48.0.0/13", "142.112.0.0/12", "24.64.0.0/13"};
static const char *const ca_mail[] = {"gmail.com", "gmail.com", "outlook.com", "hotmail.com", "yahoo.ca",
                                      "shaw.ca", "videotron.ca", "icloud.com"};

static const struct gp_city gb_cities[] = {
    {"London", NULL, "SE1# #@@", "Europe/London", NULL}, {"London", NULL, "N1# #@@", "Europe/London", NULL},
    {"Manchester", NULL, "M1# #@@", "Europe/London", NULL}, {"Birmingham", NULL, "B1# #@@", "Europe/London", NULL},
    {"Leeds", NULL, "LS# #@@", "Europe/London", NULL}, {"Glasgow", NULL, "G# #@@", "Europe/London", NULL},
    {"Bristol", NULL, "BS# #@@", "Europe/London", NULL}, {"Edinburgh", NULL, "EH# #@@", "Europe/London", NULL},
    {"Cardiff", NULL, "CF1# #@@", "Europe/London", NULL},
};
static const char *const gb_streets[] = {"High Street", "Station Road", "Church Lane", "Victoria Road",
                                         "Park Avenue", "Mill Lane", "King's Road", "Queens Drive"};
static const char *const gb_mobile[] = {"74########", "75########", "771#######", "772#######", "773#######",
                                        "774#######", "775#######", "776#######", "78########"};
static const char *const gb_voip[] = {"56########", "70########"};
static const char *const gb_ips[] = {"86.128.0.0/10", "81.128.0.0/12", "90.192.0.0/11", "86.0.0.0/13"};
static const char *const gb_mail[] = {"gmail.com", "gmail.com", "outlook.com", "hotmail.co.uk", "yahoo.co.uk",
                                      "btinternet.com", "icloud.com", "sky.com"};
static const char *const gb_banks[] = {"BARC", "HBUK", "LOYD", "NWBK", "MIDL", "MONZ", "SRLG"};

static const struct gp_city de_cities[] = {
    {"Berlin", NULL, "10###", "Europe/Berlin", NULL},  {"München", NULL, "80###", "Europe/Berlin", NULL},
    {"Hamburg", NULL, "20###", "Europe/Berlin", NULL}, {"Köln", NULL, "50###", "Europe/Berlin", NULL},
    {"Frankfurt am Main", NULL, "60###", "Europe/Berlin", NULL},
    {"Leipzig", NULL, "04###", "Europe/Berlin", NULL}, {"Stuttgart", NULL, "70###", "Europe/Berlin", NULL},
};
static const char *const de_streets[] = {"Hauptstraße", "Bahnhofstraße", "Schulstraße", "Gartenstraße",
                                         "Lindenstraße", "Bergstraße", "Friedrichstraße", "Goethestraße"};
static const char *const de_mobile[] = {"151########", "152########", "157########", "160#######",
                                        "162#######", "170#######", "171#######", "172#######", "175#######",
                                        "176########", "177########", "178########", "179########"};
/* 0700 personal numbers (libphonenumber types DE 032 numbers as fixed lines) */
static const char *const de_voip[] = {"700########"};
static const char *const de_ips[] = {"79.192.0.0/10", "87.128.0.0/10", "93.192.0.0/10", "84.128.0.0/10",
                                     "91.0.0.0/10"};
static const char *const de_mail[] = {"gmail.com", "web.de", "gmx.de", "t-online.de", "posteo.de", "outlook.de"};

static const struct gp_city pl_cities[] = {
    {"Warszawa", NULL, "0#-###", "Europe/Warsaw", NULL}, {"Kraków", NULL, "3#-###", "Europe/Warsaw", NULL},
    {"Wrocław", NULL, "5#-###", "Europe/Warsaw", NULL},  {"Gdańsk", NULL, "80-###", "Europe/Warsaw", NULL},
    {"Poznań", NULL, "6#-###", "Europe/Warsaw", NULL},   {"Łódź", NULL, "9#-###", "Europe/Warsaw", NULL},
};
static const char *const pl_streets[] = {"ul. Marszałkowska", "ul. Długa", "ul. Polna", "ul. Kościuszki",
                                         "ul. Mickiewicza", "ul. Słowackiego", "ul. Lipowa", "ul. Ogrodowa"};
static const char *const pl_mobile[] = {"50#######", "51#######", "53#######", "60#######", "66#######",
                                        "69#######", "72#######", "78#######", "79#######", "88#######"};
static const char *const pl_ips[] = {"83.0.0.0/11", "79.184.0.0/13", "89.64.0.0/12"};
static const char *const pl_mail[] = {"gmail.com", "gmail.com", "wp.pl", "onet.pl", "o2.pl", "interia.pl"};

static const struct gp_city ua_cities[] = {
    {"Kyiv", NULL, "0####", "Europe/Kyiv", NULL},    {"Lviv", NULL, "79###", "Europe/Kyiv", NULL},
    {"Kharkiv", NULL, "61###", "Europe/Kyiv", NULL}, {"Odesa", NULL, "65###", "Europe/Kyiv", NULL},
    {"Dnipro", NULL, "49###", "Europe/Kyiv", NULL},
};
static const char *const ua_streets[] = {"vul. Khreshchatyk", "vul. Shevchenka", "vul. Franka",
                                         "prosp. Peremohy", "vul. Sadova", "vul. Hrushevskoho"};
static const char *const ua_mobile[] = {"50#######", "66#######", "67#######", "68#######", "73#######",
                                        "93#######", "95#######", "96#######", "97#######", "98#######",
                                        "99#######", "63#######"};
static const char *const ua_ips[] = {"176.36.0.0/14", "46.211.0.0/16", "46.118.0.0/15"};
static const char *const ua_mail[] = {"gmail.com", "gmail.com", "ukr.net", "i.ua", "meta.ua"};

static const struct gp_city in_cities[] = {
    {"Bengaluru", NULL, "560###", "Asia/Kolkata", NULL}, {"Pune", NULL, "411###", "Asia/Kolkata", NULL},
    {"Hyderabad", NULL, "500###", "Asia/Kolkata", NULL}, {"Chennai", NULL, "600###", "Asia/Kolkata", NULL},
    {"New Delhi", NULL, "110###", "Asia/Kolkata", NULL}, {"Mumbai", NULL, "400###", "Asia/Kolkata", NULL},
    {"Kochi", NULL, "682###", "Asia/Kolkata", NULL},     {"Kolkata", NULL, "700###", "Asia/Kolkata", NULL},
};
static const char *const in_streets[] = {"MG Road", "Brigade Road", "Link Road", "Nehru Nagar",
                                         "Gandhi Street", "Ring Road", "Park Street", "Station Road"};
static const char *const in_mobile[] = {"98########", "99########", "97########", "96########", "94########",
                                        "93########", "91########", "90########", "70########", "88########",
                                        "89########", "81########", "80########", "63########"};
static const char *const in_ips[] = {"106.192.0.0/11", "122.160.0.0/12", "117.192.0.0/10", "59.88.0.0/13",
                                     "223.176.0.0/12"};
static const char *const in_mail[] = {"gmail.com", "gmail.com", "gmail.com", "yahoo.co.in", "rediffmail.com",
                                      "outlook.com", "hotmail.com"};
static const char *const in_banks[] = {"HDFC0", "ICIC0", "SBIN0", "UTIB0", "KKBK0", "YESB0"};

static const struct gp_city pk_cities[] = {
    {"Lahore", NULL, "54###", "Asia/Karachi", NULL},     {"Karachi", NULL, "75###", "Asia/Karachi", NULL},
    {"Islamabad", NULL, "44###", "Asia/Karachi", NULL},  {"Rawalpindi", NULL, "46###", "Asia/Karachi", NULL},
    {"Faisalabad", NULL, "38###", "Asia/Karachi", NULL},
};
static const char *const pk_streets[] = {"Mall Road", "Jinnah Avenue", "Main Boulevard", "Shahrah-e-Faisal",
                                         "Canal Road", "Ferozepur Road"};
static const char *const pk_mobile[] = {"300#######", "301#######", "302#######", "303#######", "311#######",
                                        "312#######", "313#######", "321#######", "333#######", "334#######",
                                        "345#######", "346#######"};
static const char *const pk_ips[] = {"39.32.0.0/11", "119.152.0.0/13", "182.176.0.0/12"};
static const char *const pk_mail[] = {"gmail.com", "gmail.com", "yahoo.com", "hotmail.com", "outlook.com"};
static const char *const pk_banks[] = {"HABB", "MEZN", "UNIL", "ALFH", "SCBL", "MUCB"};

static const struct gp_city ph_cities[] = {
    {"Quezon City", NULL, "11##", "Asia/Manila", NULL}, {"Makati", NULL, "12##", "Asia/Manila", NULL},
    {"Cebu City", NULL, "6000", "Asia/Manila", NULL},   {"Davao City", NULL, "8000", "Asia/Manila", NULL},
    {"Pasig", NULL, "16##", "Asia/Manila", NULL},
};
static const char *const ph_streets[] = {"Rizal Street", "Mabini Street", "Bonifacio Avenue", "Quezon Avenue",
                                         "Ayala Avenue", "Osmeña Boulevard"};
static const char *const ph_mobile[] = {"905#######", "906#######", "915#######", "916#######", "917#######",
                                        "918#######", "919#######", "920#######", "921#######", "927#######",
                                        "928#######", "939#######", "947#######", "977#######", "998#######",
                                        "999#######"};
static const char *const ph_ips[] = {"112.198.0.0/16", "49.144.0.0/13", "110.54.128.0/17", "136.158.0.0/16"};
static const char *const ph_mail[] = {"gmail.com", "gmail.com", "yahoo.com", "outlook.com"};

static const struct gp_city ng_cities[] = {
    {"Lagos", NULL, "10####", "Africa/Lagos", NULL},         {"Abuja", NULL, "900###", "Africa/Lagos", NULL},
    {"Ibadan", NULL, "200###", "Africa/Lagos", NULL},        {"Port Harcourt", NULL, "500###", "Africa/Lagos", NULL},
    {"Enugu", NULL, "400###", "Africa/Lagos", NULL},
};
static const char *const ng_streets[] = {"Allen Avenue", "Adeola Odeku Street", "Herbert Macaulay Way",
                                         "Awolowo Road", "Admiralty Way", "Ahmadu Bello Way"};
static const char *const ng_mobile[] = {"803#######", "806#######", "813#######", "816#######", "703#######",
                                        "706#######", "903#######", "805#######", "807#######", "815#######",
                                        "802#######", "808#######", "812#######", "701#######", "902#######",
                                        "809#######", "817#######", "818#######", "909#######", "908#######"};
static const char *const ng_ips[] = {"105.112.0.0/12", "102.88.0.0/13", "41.58.0.0/16"};
static const char *const ng_mail[] = {"gmail.com", "gmail.com", "yahoo.com", "outlook.com"};
/* CBN bank codes of the NUBAN scheme: GTBank, Access, Zenith, First Bank, UBA, Kuda. */
static const char *const ng_banks[] = {"058", "044", "057", "011", "033", "090267"};

static const struct gp_city br_cities[] = {
    {"São Paulo", "SP", "0####-###", "America/Sao_Paulo", NULL},
    {"Rio de Janeiro", "RJ", "2####-###", "America/Sao_Paulo", NULL},
    {"Belo Horizonte", "MG", "3####-###", "America/Sao_Paulo", NULL},
    {"Curitiba", "PR", "8####-###", "America/Sao_Paulo", NULL},
    {"Porto Alegre", "RS", "9####-###", "America/Sao_Paulo", NULL},
    {"Recife", "PE", "5####-###", "America/Recife", NULL},
    {"Florianópolis", "SC", "88###-###", "America/Sao_Paulo", NULL},
};
static const char *const br_streets[] = {"Rua das Flores", "Avenida Paulista", "Rua Augusta",
                                         "Rua XV de Novembro", "Avenida Brasil", "Rua da Consolação"};
static const char *const br_mobile[] = {"1196#######", "1198#######", "1199#######", "2198#######",
                                        "2199#######", "3198#######", "3199#######", "4199#######",
                                        "5199#######", "8199#######", "4898#######", "1197#######"};
static const char *const br_ips[] = {"179.128.0.0/11", "152.240.0.0/12", "191.176.0.0/12", "187.16.0.0/12"};
static const char *const br_mail[] = {"gmail.com", "gmail.com", "hotmail.com", "outlook.com", "uol.com.br",
                                      "bol.com.br"};

static const struct gp_city ar_cities[] = {
    {"Buenos Aires", NULL, "C1###@@@", "America/Argentina/Buenos_Aires", NULL},
    {"Córdoba", NULL, "X5000@@@", "America/Argentina/Cordoba", NULL},
    {"Rosario", NULL, "S2000@@@", "America/Argentina/Cordoba", NULL},
    {"Mendoza", NULL, "M5500@@@", "America/Argentina/Mendoza", NULL},
    {"La Plata", NULL, "B1900@@@", "America/Argentina/Buenos_Aires", NULL},
};
static const char *const ar_streets[] = {"Avenida Corrientes", "Florida", "Avenida Santa Fe", "Lavalle",
                                         "Avenida Rivadavia", "Belgrano"};
/* Mobile numbers carry the "9" after +54 in international form. */
static const char *const ar_mobile[] = {"9115#######", "9116#######", "9113#######", "9114#######",
                                        "93515######", "93414######"};
static const char *const ar_ips[] = {"201.252.0.0/14", "190.16.0.0/14", "186.128.0.0/12", "181.24.0.0/13"};
static const char *const ar_mail[] = {"gmail.com", "gmail.com", "hotmail.com", "yahoo.com.ar", "outlook.com"};
/* BCRA bank codes: Nación, Galicia, Santander, BBVA, Macro. */
static const char *const ar_banks[] = {"011", "007", "072", "017", "285"};

static const struct gp_city mx_cities[] = {
    {"Ciudad de México", "CDMX", "0####", "America/Mexico_City", NULL},
    {"Guadalajara", "Jal.", "44###", "America/Mexico_City", NULL},
    {"Monterrey", "N.L.", "64###", "America/Monterrey", NULL},
    {"Puebla", "Pue.", "72###", "America/Mexico_City", NULL},
    {"Querétaro", "Qro.", "76###", "America/Mexico_City", NULL},
    {"Mérida", "Yuc.", "97###", "America/Merida", NULL},
};
static const char *const mx_streets[] = {"Avenida Reforma", "Calle Madero", "Avenida Insurgentes Sur",
                                         "Calle Hidalgo", "Avenida Juárez", "Calle Morelos"};
static const char *const mx_mobile[] = {"55########", "56########", "33########", "81########", "222#######",
                                        "442#######"};
static const char *const mx_ips[] = {"189.128.0.0/10", "201.96.0.0/11", "187.192.0.0/11"};
static const char *const mx_mail[] = {"gmail.com", "gmail.com", "hotmail.com", "outlook.com", "yahoo.com.mx"};
/* CLABE bank codes: BBVA, Banamex, Santander, Banorte, HSBC. */
static const char *const mx_banks[] = {"012", "002", "014", "072", "021"};

static const struct gp_city vn_cities[] = {
    {"Hà Nội", NULL, "1####", "Asia/Ho_Chi_Minh", NULL},
    {"Thành phố Hồ Chí Minh", NULL, "7####", "Asia/Ho_Chi_Minh", NULL},
    {"Đà Nẵng", NULL, "5####", "Asia/Ho_Chi_Minh", NULL},
};
static const char *const vn_streets[] = {"Đường Lê Lợi", "Đường Nguyễn Huệ", "Phố Hàng Bông",
                                         "Đường Trần Hưng Đạo", "Đường Hai Bà Trưng"};
static const char *const vn_mobile[] = {"90#######", "91#######", "93#######", "94#######", "96#######",
                                        "97#######", "98#######", "32#######", "33#######", "34#######",
                                        "35#######", "36#######", "37#######", "38#######", "39#######",
                                        "70#######", "76#######", "77#######", "78#######", "79#######",
                                        "81#######", "82#######", "83#######", "84#######", "85#######",
                                        "86#######", "88#######"};
static const char *const vn_ips[] = {"113.160.0.0/11", "14.160.0.0/11", "27.64.0.0/12", "171.224.0.0/11",
                                     "1.52.0.0/14"};
static const char *const vn_mail[] = {"gmail.com", "gmail.com", "gmail.com", "yahoo.com.vn"};

static const struct gp_city id_cities[] = {
    {"Jakarta", NULL, "1####", "Asia/Jakarta", NULL},    {"Bandung", NULL, "40###", "Asia/Jakarta", NULL},
    {"Surabaya", NULL, "60###", "Asia/Jakarta", NULL},   {"Yogyakarta", NULL, "55###", "Asia/Jakarta", NULL},
    {"Denpasar", NULL, "80###", "Asia/Makassar", NULL},
};
static const char *const id_streets[] = {"Jalan Sudirman", "Jalan Thamrin", "Jalan Gatot Subroto",
                                         "Jalan Diponegoro", "Jalan Merdeka"};
static const char *const id_mobile[] = {"812########", "813########", "821########", "822########",
                                        "852########", "853########", "856########", "857########",
                                        "877########", "878########", "895########", "896########"};
static const char *const id_ips[] = {"36.64.0.0/11", "182.0.0.0/12", "114.120.0.0/13"};
static const char *const id_mail[] = {"gmail.com", "gmail.com", "gmail.com", "yahoo.co.id"};

static const struct gp_city kr_cities[] = {
    {"Seoul", NULL, "0####", "Asia/Seoul", NULL},   {"Busan", NULL, "4####", "Asia/Seoul", NULL},
    {"Incheon", NULL, "2####", "Asia/Seoul", NULL}, {"Daejeon", NULL, "3####", "Asia/Seoul", NULL},
    {"Seongnam", NULL, "13###", "Asia/Seoul", NULL},
};
static const char *const kr_streets[] = {"Teheran-ro", "Gangnam-daero", "Sejong-daero", "Olympic-ro",
                                         "Hannam-daero", "Pangyoyeok-ro"};
static const char *const kr_mobile[] = {"102#######", "103#######", "104#######", "106#######", "107#######",
                                        "108#######", "109#######"};
static const char *const kr_voip[] = {"70%#######"};
static const char *const kr_ips[] = {"121.128.0.0/10", "175.192.0.0/10", "58.120.0.0/13", "222.96.0.0/12"};
static const char *const kr_mail[] = {"naver.com", "naver.com", "gmail.com", "gmail.com", "daum.net",
                                      "hanmail.net", "kakao.com"};

static const struct gp_city jp_cities[] = {
    {"Tokyo", NULL, "1##-####", "Asia/Tokyo", NULL},   {"Osaka", NULL, "5##-####", "Asia/Tokyo", NULL},
    {"Fukuoka", NULL, "8##-####", "Asia/Tokyo", NULL}, {"Sapporo", NULL, "0##-####", "Asia/Tokyo", NULL},
    {"Nagoya", NULL, "4##-####", "Asia/Tokyo", NULL},  {"Yokohama", NULL, "2##-####", "Asia/Tokyo", NULL},
};
static const char *const jp_streets[] = {"Jingumae", "Nishi-Shinjuku", "Umeda", "Tenjin", "Minami-Aoyama",
                                         "Sakae"};
static const char *const jp_mobile[] = {"90%#######", "80%#######", "70%#######"};
static const char *const jp_voip[] = {"50%#######"};
static const char *const jp_ips[] = {"153.128.0.0/9", "60.32.0.0/12", "114.144.0.0/12", "106.128.0.0/12"};
static const char *const jp_mail[] = {"gmail.com", "gmail.com", "yahoo.co.jp", "icloud.com", "outlook.jp"};

static const struct gp_city cn_cities[] = {
    {"Shanghai", NULL, "200###", "Asia/Shanghai", NULL}, {"Beijing", NULL, "100###", "Asia/Shanghai", NULL},
    {"Shenzhen", NULL, "518###", "Asia/Shanghai", NULL}, {"Hangzhou", NULL, "310###", "Asia/Shanghai", NULL},
    {"Chengdu", NULL, "610###", "Asia/Shanghai", NULL},  {"Shenyang", NULL, "110###", "Asia/Shanghai", NULL},
    {"Dandong", NULL, "118###", "Asia/Shanghai", NULL},  {"Yanji", NULL, "133###", "Asia/Shanghai", NULL},
};
static const char *const cn_streets[] = {"Nanjing Road", "Huaihai Road", "Zhongshan Road", "Renmin Road",
                                         "Jianguo Road", "Shennan Avenue"};
static const char *const cn_mobile[] = {"138########", "139########", "135########", "136########",
                                        "137########", "150########", "151########", "152########",
                                        "158########", "159########", "186########", "187########",
                                        "188########", "189########", "177########", "199########",
                                        "133########", "130########", "131########", "132########",
                                        "155########", "156########", "185########", "180########"};
static const char *const cn_ips[] = {"116.224.0.0/12", "183.0.0.0/10", "123.112.0.0/12", "113.64.0.0/11",
                                     "60.16.0.0/13", "175.168.0.0/13", "59.44.0.0/14"};
static const char *const cn_mail[] = {"qq.com", "qq.com", "163.com", "126.com", "gmail.com", "sina.com",
                                      "foxmail.com"};

static const struct gp_city ru_cities[] = {
    {"Moscow", NULL, "1#####", "Europe/Moscow", NULL},
    {"Saint Petersburg", NULL, "19####", "Europe/Moscow", NULL},
    {"Kazan", NULL, "420###", "Europe/Moscow", NULL},
    {"Novosibirsk", NULL, "630###", "Asia/Novosibirsk", NULL},
    {"Yekaterinburg", NULL, "620###", "Asia/Yekaterinburg", NULL},
    {"Vladivostok", NULL, "690###", "Asia/Vladivostok", NULL},
};
static const char *const ru_streets[] = {"ul. Tverskaya", "ul. Lenina", "prosp. Mira", "ul. Pushkina",
                                         "Nevsky prosp.", "ul. Gagarina"};
static const char *const ru_mobile[] = {"903#######", "905#######", "906#######", "909#######", "910#######",
                                        "915#######", "916#######", "917#######", "919#######", "925#######",
                                        "926#######", "929#######", "977#######", "985#######", "999#######",
                                        "911#######", "921#######", "981#######"};
static const char *const ru_ips[] = {"95.24.0.0/13", "5.136.0.0/13", "178.64.0.0/13", "176.208.0.0/13"};
static const char *const ru_mail[] = {"gmail.com", "yandex.ru", "yandex.ru", "mail.ru", "bk.ru", "list.ru"};

static const struct gp_city eg_cities[] = {
    {"Cairo", NULL, "11###", "Africa/Cairo", NULL},      {"Giza", NULL, "12###", "Africa/Cairo", NULL},
    {"Alexandria", NULL, "21###", "Africa/Cairo", NULL}, {"Mansoura", NULL, "35###", "Africa/Cairo", NULL},
};
static const char *const eg_streets[] = {"Tahrir Street", "El Nasr Road", "Abbas El Akkad Street",
                                         "Gameat El Dowal Street", "Corniche El Nil"};
static const char *const eg_mobile[] = {"10########", "11########", "12########", "15########"};
static const char *const eg_ips[] = {"41.32.0.0/12", "156.192.0.0/11", "197.32.0.0/11"};
static const char *const eg_mail[] = {"gmail.com", "gmail.com", "yahoo.com", "hotmail.com", "outlook.com"};

static const struct gp_city fr_cities[] = {
    {"Paris", NULL, "750##", "Europe/Paris", NULL},     {"Lyon", NULL, "6900#", "Europe/Paris", NULL},
    {"Marseille", NULL, "130##", "Europe/Paris", NULL}, {"Toulouse", NULL, "310##", "Europe/Paris", NULL},
    {"Nantes", NULL, "440##", "Europe/Paris", NULL},    {"Lille", NULL, "590##", "Europe/Paris", NULL},
};
static const char *const fr_streets[] = {"rue de la République", "avenue Victor Hugo", "rue du Moulin",
                                         "boulevard Voltaire", "rue Pasteur"};
static const char *const fr_mobile[] = {"60#######", "61#######", "62#######", "64#######", "65#######",
                                        "66#######", "67#######", "68#######", "75#######", "76#######",
                                        "77#######", "78#######"};
static const char *const fr_voip[] = {"9########"};
static const char *const fr_ips[] = {"176.128.0.0/10", "82.224.0.0/11", "88.160.0.0/11"};
static const char *const fr_mail[] = {"gmail.com", "orange.fr", "free.fr", "laposte.net", "hotmail.fr",
                                      "outlook.fr"};

static const struct gp_city es_cities[] = {
    {"Madrid", NULL, "280##", "Europe/Madrid", NULL},   {"Barcelona", NULL, "080##", "Europe/Madrid", NULL},
    {"Valencia", NULL, "460##", "Europe/Madrid", NULL}, {"Sevilla", NULL, "410##", "Europe/Madrid", NULL},
    {"Málaga", NULL, "290##", "Europe/Madrid", NULL},
};
static const char *const es_streets[] = {"Calle Mayor", "Gran Vía", "Avenida de la Constitución", "Calle Real",
                                         "Passeig de Gràcia"};
static const char *const es_mobile[] = {"6########", "71#######", "72#######", "73#######", "74#######"};
static const char *const es_ips[] = {"83.32.0.0/11", "88.0.0.0/11", "79.144.0.0/12"};
static const char *const es_mail[] = {"gmail.com", "gmail.com", "hotmail.es", "yahoo.es", "outlook.es"};

static const struct gp_city ro_cities[] = {
    {"București", NULL, "0#####", "Europe/Bucharest", NULL},
    {"Cluj-Napoca", NULL, "400###", "Europe/Bucharest", NULL},
    {"Iași", NULL, "700###", "Europe/Bucharest", NULL},
    {"Timișoara", NULL, "300###", "Europe/Bucharest", NULL},
    {"Brașov", NULL, "500###", "Europe/Bucharest", NULL},
};
static const char *const ro_streets[] = {"Strada Victoriei", "Bulevardul Unirii", "Strada Lipscani",
                                         "Strada Memorandumului", "Bulevardul Eroilor"};
static const char *const ro_mobile[] = {"72#######", "73#######", "74#######", "75#######", "76#######",
                                        "77#######"};
static const char *const ro_ips[] = {"92.80.0.0/13", "109.96.0.0/13", "5.12.0.0/14"};
static const char *const ro_mail[] = {"gmail.com", "gmail.com", "yahoo.com", "yahoo.ro"};
static const char *const ro_banks[] = {"BTRL", "RNCB", "BRDE", "INGB", "BACX"};

static const struct gp_city ke_cities[] = {
    {"Nairobi", NULL, "00###", "Africa/Nairobi", NULL},
    {"Mombasa", NULL, "80100", "Africa/Nairobi", NULL},
    {"Kisumu", NULL, "40100", "Africa/Nairobi", NULL},
};
static const char *const ke_streets[] = {"Moi Avenue", "Kenyatta Avenue", "Ngong Road", "Waiyaki Way",
                                         "Mombasa Road"};
static const char *const ke_mobile[] = {"70#######", "71#######", "72#######", "74#######", "79#######",
                                        "110######", "111######"};
static const char *const ke_ips[] = {"105.48.0.0/12", "102.0.0.0/13", "197.176.0.0/13"};
static const char *const ke_mail[] = {"gmail.com", "gmail.com", "yahoo.com"};

static const struct gp_city tr_cities[] = {
    {"İstanbul", NULL, "34###", "Europe/Istanbul", NULL}, {"Ankara", NULL, "06###", "Europe/Istanbul", NULL},
    {"İzmir", NULL, "35###", "Europe/Istanbul", NULL},    {"Bursa", NULL, "16###", "Europe/Istanbul", NULL},
    {"Antalya", NULL, "07###", "Europe/Istanbul", NULL},
};
static const char *const tr_streets[] = {"İstiklal Caddesi", "Atatürk Bulvarı", "Bağdat Caddesi",
                                         "Cumhuriyet Caddesi", "Kıbrıs Şehitleri Caddesi"};
static const char *const tr_mobile[] = {"530#######", "532#######", "533#######", "535#######", "536#######",
                                        "541#######", "542#######", "505#######", "506#######", "507#######",
                                        "551#######", "552#######", "553#######", "555#######"};
static const char *const tr_ips[] = {"78.160.0.0/11", "88.224.0.0/11"};
static const char *const tr_mail[] = {"gmail.com", "gmail.com", "hotmail.com", "yandex.com.tr"};

static const struct gp_city nl_cities[] = {
    {"Amsterdam", NULL, "10## @@", "Europe/Amsterdam", NULL}, {"Rotterdam", NULL, "30## @@", "Europe/Amsterdam", NULL},
    {"Utrecht", NULL, "35## @@", "Europe/Amsterdam", NULL},   {"Den Haag", NULL, "25## @@", "Europe/Amsterdam", NULL},
    {"Eindhoven", NULL, "56## @@", "Europe/Amsterdam", NULL},
};
static const char *const nl_streets[] = {"Kerkstraat", "Dorpsstraat", "Stationsweg", "Molenstraat",
                                         "Prinsengracht"};
static const char *const nl_mobile[] = {"61#######", "62#######", "63#######", "64#######", "65#######"};
static const char *const nl_voip[] = {"85#######"};
static const char *const nl_ips[] = {"77.160.0.0/12", "84.24.0.0/13"};
static const char *const nl_mail[] = {"gmail.com", "hotmail.nl", "outlook.com", "ziggo.nl", "kpnmail.nl"};
static const char *const nl_banks[] = {"ABNA", "INGB", "RABO", "TRIO", "KNAB", "BUNQ", "SNSB", "ASNB"};

static const struct gp_city au_cities[] = {
    {"Sydney", "NSW", "2###", "Australia/Sydney", NULL},
    {"Melbourne", "VIC", "3###", "Australia/Melbourne", NULL},
    {"Brisbane", "QLD", "4###", "Australia/Brisbane", NULL},
    {"Perth", "WA", "6###", "Australia/Perth", NULL},
};
static const char *const au_streets[] = {"George St", "Collins St", "Queen St", "Chapel St", "Oxford St"};
static const char *const au_mobile[] = {"40#######", "41#######", "42#######", "43#######"};
static const char *const au_ips[] = {"120.144.0.0/12", "1.120.0.0/13", "1.128.0.0/11"};
static const char *const au_mail[] = {"gmail.com", "outlook.com", "bigpond.com", "icloud.com",
                                      "optusnet.com.au"};

static const struct gp_city bd_cities[] = {
    {"Dhaka", NULL, "12##", "Asia/Dhaka", NULL},
    {"Chattogram", NULL, "4###", "Asia/Dhaka", NULL},
    {"Sylhet", NULL, "31##", "Asia/Dhaka", NULL},
};
static const char *const bd_streets[] = {"Road 11, Banani", "Gulshan Avenue", "Mirpur Road", "Road 27, Dhanmondi",
                                         "Agrabad Access Road"};
static const char *const bd_mobile[] = {"13########", "14########", "15########", "16########", "17########",
                                        "18########", "19########"};
static const char *const bd_ips[] = {"114.130.0.0/16", "37.111.192.0/18"};
static const char *const bd_mail[] = {"gmail.com", "gmail.com", "yahoo.com"};

static const struct gp_city hk_cities[] = {
    {"Hong Kong", NULL, "", "Asia/Hong_Kong", NULL},
    {"Kowloon", NULL, "", "Asia/Hong_Kong", NULL},
};
static const char *const hk_streets[] = {"Nathan Road", "Queen's Road Central", "Hennessy Road",
                                         "Des Voeux Road Central", "Canton Road"};
static const char *const hk_mobile[] = {"61######", "94######", "97######"};
static const char *const hk_ips[] = {"112.118.0.0/15", "113.252.0.0/14", "218.188.0.0/14"};
static const char *const hk_mail[] = {"gmail.com", "yahoo.com.hk", "netvigator.com"};

static const struct gp_city kp_cities[] = {
    {"Pyongyang", NULL, "", "Asia/Pyongyang", NULL},
};
static const char *const kp_streets[] = {"Kwangbok Street"};
static const char *const kp_mobile[] = {"191#######"};
/* The DPRK's one allocation (Star JV). */
static const char *const kp_ips[] = {"175.45.176.0/22"};
static const char *const kp_mail[] = {"gmail.com", "outlook.com"};

#define COUNTRY(a2_, a3_, name_, alt_, w_, names_, l1, l2, cities_, streets_, addr_, cc_, trunk_, mob_, voip_,  \
                ips_, cur_, pass_, idc_, mail_, bank_, bban_, codes_)                                              \
  {a2_, a3_, name_, alt_, w_, &names_, {l1, l2, NULL}, ARR(cities_), ARR(streets_), addr_, cc_, trunk_, mob_,     \
   voip_, ARR(ips_), cur_, pass_, idc_, ARR(mail_), bank_, bban_, codes_}

/* NANP countries: mobile ranges come from the city's area codes. */
static const char *const nanp_dummy[] = {"NANP"};

const struct gp_country gp_countries[] = {
    COUNTRY("US", "USA", "United States", "United States of America", 200, gp_names_us, "en-US", NULL, us_cities,
            us_streets, ADDR_NUM_STREET, "1", "", ARR(nanp_dummy), ARR(us_voip), us_ips, "USD",
            "5########|6########|A########", NULL, us_mail, BANK_US_ABA, NULL, NONE),
    COUNTRY("CA", "CAN", "Canada", NULL, 40, gp_names_ca, "en-CA", "fr-CA", ca_cities, ca_streets,
            ADDR_NUM_STREET, "1", "", ARR(nanp_dummy), ARR(us_voip), ca_ips, "CAD", "@@######", NULL, ca_mail,
            BANK_CA, NULL, NONE),
    COUNTRY("GB", "GBR", "United Kingdom", "Great Britain", 50, gp_names_gb, "en-GB", NULL, gb_cities, gb_streets,
            ADDR_GB, "44", "0", ARR(gb_mobile), ARR(gb_voip), gb_ips, "GBP", "1########|5########", NULL,
            gb_mail, BANK_IBAN, "$##############", ARR(gb_banks)),
    COUNTRY("DE", "DEU", "Germany", "Deutschland", 40, gp_names_de, "de-DE", "en-US", de_cities, de_streets,
            ADDR_STREET_NUM, "49", "0", ARR(de_mobile), ARR(de_voip), de_ips, "EUR", "C********", "L********",
            de_mail, BANK_IBAN, "##################", NONE),
    COUNTRY("PL", "POL", "Poland", "Polska", 40, gp_names_pl, "pl-PL", "en-US", pl_cities, pl_streets,
            ADDR_STREET_NUM, "48", "", ARR(pl_mobile), NONE, pl_ips, "PLN", "@@#######", "@@@######", pl_mail,
            BANK_IBAN, "########################", NONE),
    COUNTRY("UA", "UKR", "Ukraine", "Україна", 50, gp_names_ua, "uk-UA", "en-US", ua_cities, ua_streets,
            ADDR_STREET_NUM, "380", "0", ARR(ua_mobile), NONE, ua_ips, "UAH", "@@######", "#########", ua_mail,
            BANK_IBAN, "######0000026############", NONE),
    COUNTRY("IN", "IND", "India", "Republic of India", 100, gp_names_in, "en-IN", "hi-IN", in_cities, in_streets, ADDR_ASIA,
            "91", "0", ARR(in_mobile), NONE, in_ips, "INR", "@#######", NULL, in_mail, BANK_IN_IFSC, NULL,
            ARR(in_banks)),
    COUNTRY("PK", "PAK", "Pakistan", NULL, 50, gp_names_pk, "en-PK", "ur-PK", pk_cities, pk_streets, ADDR_ASIA,
            "92", "0", ARR(pk_mobile), NONE, pk_ips, "PKR", "@@#######", NULL, pk_mail, BANK_IBAN,
            "$################", ARR(pk_banks)),
    COUNTRY("PH", "PHL", "Philippines", "Pilipinas", 60, gp_names_ph, "en-PH", "fil-PH", ph_cities, ph_streets,
            ADDR_ASIA, "63", "0", ARR(ph_mobile), NONE, ph_ips, "PHP", "P#######@", NULL, ph_mail, BANK_DIGITS,
            "############", NONE),
    COUNTRY("NG", "NGA", "Nigeria", NULL, 40, gp_names_ng, "en-NG", NULL, ng_cities, ng_streets, ADDR_ASIA, "234",
            "0", ARR(ng_mobile), NONE, ng_ips, "NGN", "A########|B########", NULL, ng_mail, BANK_NG_NUBAN, NULL,
            ARR(ng_banks)),
    COUNTRY("BR", "BRA", "Brazil", "Brasil", 40, gp_names_br, "pt-BR", NULL, br_cities, br_streets,
            ADDR_STREET_NUM, "55", "", ARR(br_mobile), NONE, br_ips, "BRL", "@@######", NULL, br_mail, BANK_IBAN,
            "#######################C1", NONE),
    COUNTRY("AR", "ARG", "Argentina", NULL, 30, gp_names_ar, "es-AR", NULL, ar_cities, ar_streets,
            ADDR_STREET_NUM, "54", "", ARR(ar_mobile), NONE, ar_ips, "ARS", "@@@######", "########", ar_mail,
            BANK_AR_CBU, NULL, ARR(ar_banks)),
    COUNTRY("MX", "MEX", "Mexico", "México", 30, gp_names_mx, "es-MX", NULL, mx_cities, mx_streets,
            ADDR_STREET_NUM, "52", "", ARR(mx_mobile), NONE, mx_ips, "MXN", "G########|N########", NULL, mx_mail,
            BANK_MX_CLABE, NULL, ARR(mx_banks)),
    COUNTRY("VN", "VNM", "Vietnam", "Viet Nam", 30, gp_names_vn, "vi-VN", "en-US", vn_cities, vn_streets,
            ADDR_ASIA, "84", "0", ARR(vn_mobile), NONE, vn_ips, "VND", "C#######|N#######", NULL, vn_mail,
            BANK_DIGITS, "#############", NONE),
    COUNTRY("ID", "IDN", "Indonesia", NULL, 30, gp_names_id, "id-ID", "en-US", id_cities, id_streets, ADDR_ASIA,
            "62", "0", ARR(id_mobile), NONE, id_ips, "IDR", "X#######|A#######|B#######", NULL, id_mail,
            BANK_DIGITS, "##########", NONE),
    COUNTRY("KR", "KOR", "South Korea", "Republic of Korea", 30, gp_names_kr, "ko-KR", "en-US", kr_cities,
            kr_streets, ADDR_ASIA, "82", "0", ARR(kr_mobile), ARR(kr_voip), kr_ips, "KRW", "M########|M###@####",
            NULL, kr_mail, BANK_DIGITS, "###-###-######", NONE),
    COUNTRY("JP", "JPN", "Japan", NULL, 20, gp_names_jp, "ja-JP", "en-US", jp_cities, jp_streets, ADDR_ASIA, "81",
            "0", ARR(jp_mobile), ARR(jp_voip), jp_ips, "JPY", "T@#######|M@#######", NULL, jp_mail, BANK_DIGITS,
            "###-#######", NONE),
    COUNTRY("CN", "CHN", "China", "中国", 30, gp_names_cn, "zh-CN", "en-US", cn_cities, cn_streets, ADDR_ASIA, "86",
            "", ARR(cn_mobile), NONE, cn_ips, "CNY", "E########|EA#######|EB#######", NULL, cn_mail, BANK_CN_CARD,
            NULL, NONE),
    COUNTRY("RU", "RUS", "Russia", "Россия", 30, gp_names_ru, "ru-RU", "en-US", ru_cities, ru_streets,
            ADDR_STREET_NUM, "7", "8", ARR(ru_mobile), NONE, ru_ips, "RUB", "75#######|76#######", NULL, ru_mail,
            BANK_DIGITS, "40817810############", NONE),
    COUNTRY("EG", "EGY", "Egypt", NULL, 30, gp_names_eg, "ar-EG", "en-US", eg_cities, eg_streets, ADDR_ASIA, "20",
            "0", ARR(eg_mobile), NONE, eg_ips, "EGP", "A########|A#######", NULL, eg_mail, BANK_IBAN,
            "#########################", NONE),
    COUNTRY("FR", "FRA", "France", NULL, 20, gp_names_fr, "fr-FR", "en-US", fr_cities, fr_streets, ADDR_STREET_NUM,
            "33", "0", ARR(fr_mobile), ARR(fr_voip), fr_ips, "EUR", "##@@#####", "*********", fr_mail, BANK_IBAN,
            "#######################", NONE),
    COUNTRY("ES", "ESP", "Spain", "España", 20, gp_names_es, "es-ES", "ca-ES", es_cities, es_streets,
            ADDR_STREET_NUM, "34", "", ARR(es_mobile), NONE, es_ips, "EUR", "@@@######", "@@@######", es_mail,
            BANK_IBAN, "####################", NONE),
    COUNTRY("RO", "ROU", "Romania", NULL, 20, gp_names_ro, "ro-RO", "en-US", ro_cities, ro_streets,
            ADDR_STREET_NUM, "40", "0", ARR(ro_mobile), NONE, ro_ips, "RON", "05#######", NULL, ro_mail,
            BANK_IBAN, "$****************", ARR(ro_banks)),
    COUNTRY("KE", "KEN", "Kenya", NULL, 20, gp_names_ke, "en-KE", "sw-KE", ke_cities, ke_streets, ADDR_ASIA, "254",
            "0", ARR(ke_mobile), NONE, ke_ips, "KES", "AK#######", NULL, ke_mail, BANK_DIGITS, "#############",
            NONE),
    COUNTRY("TR", "TUR", "Turkey", "Türkiye", 20, gp_names_tr, "tr-TR", "en-US", tr_cities, tr_streets,
            ADDR_STREET_NUM, "90", "0", ARR(tr_mobile), NONE, tr_ips, "TRY", "U########", "A##@#####", tr_mail,
            BANK_IBAN, "#####0################", NONE),
    COUNTRY("NL", "NLD", "Netherlands", "Nederland", 10, gp_names_nl, "nl-NL", "en-US", nl_cities, nl_streets,
            ADDR_STREET_NUM, "31", "0", ARR(nl_mobile), ARR(nl_voip), nl_ips, "EUR", "N@*****#|NX*******",
            "I@*******", nl_mail, BANK_IBAN, "$##########", ARR(nl_banks)),
    COUNTRY("AU", "AUS", "Australia", NULL, 10, gp_names_gb, "en-AU", NULL, au_cities, au_streets,
            ADDR_NUM_STREET, "61", "0", ARR(au_mobile), NONE, au_ips, "AUD", "PA#######|N#######", NULL, au_mail,
            BANK_DIGITS, "0##-### ########", NONE),
    COUNTRY("BD", "BGD", "Bangladesh", NULL, 20, gp_names_bd, "bn-BD", "en-US", bd_cities, bd_streets, ADDR_ASIA,
            "880", "0", ARR(bd_mobile), NONE, bd_ips, "BDT", "A########|EE#######", NULL, bd_mail, BANK_DIGITS,
            "#############", NONE),
    COUNTRY("HK", "HKG", "Hong Kong", NULL, 0, gp_names_hk, "zh-HK", "en-HK", hk_cities, hk_streets, ADDR_ASIA,
            "852", "", ARR(hk_mobile), NONE, hk_ips, "HKD", "K########|H########", NULL, hk_mail, BANK_DIGITS,
            "###-######-###", NONE),
    COUNTRY("KP", "PRK", "North Korea", "Korea, North", 0, gp_names_kp, "ko-KP", NULL, kp_cities, kp_streets,
            ADDR_ASIA, "850", "", ARR(kp_mobile), NONE, kp_ips, "KPW", "#########", NULL, kp_mail, BANK_DIGITS,
            "################", NONE),
};
const size_t gp_n_countries = VET_COUNTOF(gp_countries);

const struct gp_country *gp_country(const char *a2)
{
  for (size_t i = 0; i < gp_n_countries; i++)
    if (strcmp(gp_countries[i].a2, a2) == 0)
      return &gp_countries[i];
  return NULL;
}

/* X4BNet lists_vpn output/vpn/ipv4.txt (commercial VPN exits). */
const struct gp_net gp_vpn_nets[] = {
    {"23.27.109.0/24", "US"}, {"23.27.27.0/24", "US"},   {"23.27.54.0/24", "US"},   {"5.157.136.0/24", "US"},
    {"45.91.23.0/24", "CA"},  {"46.203.157.0/24", "CA"}, {"31.56.248.0/21", "GB"},  {"37.35.52.0/24", "GB"},
    {"45.140.211.0/24", "DE"}, {"77.74.225.0/24", "DE"}, {"38.180.16.0/21", "NL"},  {"82.198.246.0/23", "SG"},
    {"158.255.208.0/24", "HK"}, {"45.90.142.0/24", "JP"},
};
const size_t gp_n_vpn_nets = VET_COUNTOF(gp_vpn_nets);

/* jhassine server-ip-addresses datacenters.csv: AWS, Azure, GCP in the US. */
const struct gp_net gp_hosting_nets[] = {
    {"44.216.196.0/22", "US"}, {"3.3.28.0/22", "US"},     {"40.83.128.0/17", "US"},
    {"20.69.128.0/18", "US"},  {"34.186.0.0/19", "US"},   {"146.148.32.0/19", "US"},
};
const size_t gp_n_hosting_nets = VET_COUNTOF(gp_hosting_nets);
