/**
 * Breached passwords of 10 or more characters (shorter ones already fail the
 * length rule), compared case-insensitively. Drawn from the most frequent
 * entries of public breach corpora.
 */
export const commonPasswords: ReadonlySet<string> = new Set([
  "0000000000", "0123456789", "0987654321", "1111111111", "1122334455", "1231231231",
  "123123123123", "123321123321", "1234512345", "1234554321", "123456123456", "1234567890",
  "12345678910", "123456789a", "123456789q", "1234567890a", "1234567890q", "123456789abc",
  "123qweasdzxc", "1472583690", "147258369a", "1q2w3e4r5t", "1q2w3e4r5t6y", "1qaz2wsx3edc",
  "1qazxsw23edc", "2222222222", "5555555555", "7777777777", "9876543210", "987654321a",
  "a123456789", "a1b2c3d4e5", "aaaaaaaaaa", "abc1234567", "abcd123456", "abcdef1234",
  "abcdefghij", "adminadmin", "admin12345", "admin123456", "administrator", "arsenal123",
  "asdf123456", "asdfasdfasdf", "asdfghjkl1", "asdfghjkl;", "asdfghjkl123", "autumn2025",
  "barcelona1", "baseball12", "baseball123", "basketball", "basketball1", "basketball123",
  "blink182182", "changeme123", "changeme1234", "charlie123", "chelsea123", "chocolate1",
  "chocolate123", "computer12", "computer123", "correcthorsebatterystaple", "dragon1234",
  "football12", "football123", "football2024", "harrypotter", "harrypotter1", "iloveyou12",
  "iloveyou123", "iloveyou1234", "ilovemyself", "internet12", "jennifer123", "jessica123",
  "jordan2323", "juventus123", "letmein123", "letmein1234", "liverpool1", "liverpool123",
  "loveyou1234", "manchester", "master1234", "michael123", "minecraft1", "minecraft123",
  "monkey1234", "mustang123", "p@ssw0rd123", "passw0rd123", "password!", "password1!",
  "password12", "password123", "password1234", "password12345", "passwordpassword",
  "pokemon123", "princess12", "princess123", "q1w2e3r4t5", "q1w2e3r4t5y6", "qazwsxedc1",
  "qazwsxedc123", "qazwsxedcrfv", "qwer1234asdf", "qwerasdfzxcv", "qwerty12345",
  "qwerty123456", "qwertyqwerty", "qwertyuiop", "qwertyuiop1", "qwertyuiop123",
  "realmadrid", "rockyou123", "samsung123", "shadow1234", "spring2025", "starwars12",
  "starwars123", "summer2024", "summer2025", "summer2026", "sunshine12", "sunshine123",
  "superman12", "superman123", "trustno1234", "welcome123", "welcome1234", "welcome2024",
  "welcome2025", "welcome2026", "whatever12", "whatever123", "winter2024", "winter2025",
  "zaq12wsxcde3", "zxcvbnm123", "zxcvbnm1234", "zxcvbnmasdf",
]);
