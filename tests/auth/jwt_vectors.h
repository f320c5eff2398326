// Fixed ID token vectors for jwt_test.cpp, made once with Debian's
// python3-cryptography (keys generated for this file, then discarded).
// Claims of each: iss https://issuer.example, sub 248289761001, aud vigil,
// nonce n-0S6_WzA2Mj, iat 1700000000, exp 4102444800, email ada@example.com;
// the name says what differs.
#pragma once

namespace vigil::auth::vectors {

constexpr const char* kJwks =
    "{\"keys\": [{\"kty\": \"RSA\", \"kid\": \"r1\", \"use\": \"sig\", \"alg\": \"RS256\", \"n\": "
    "\"p6WsqgszSPvtb0cr"
    "QPO7B85f6C4MLKv2d5jTF8QlF5Z13a-xVCnB8d0Er1G6IaC9nKsBkonxdGFfiSrCojk6tVx_rj7KLtiOKyNZtFNaoh"
    "IJqRxA4mupQuV7V50xRjvLyXIm-81-mg0dS1mhSjM1J8RodBwRmrrNfoH6qy1oG_V5ymhMcz5LMpZ6dxSWqlTjEp5x"
    "KFbGPcY4cv2Ukt5VmhEOQ_SQeaHxYiyM82jomD3zY5RiLbHOEnCTLiJ5uEpQcH_RZkiOhLuvYZrhJmUo0c5pkmbsEg"
    "LxToDAaRzxrqG90vkN8q2-CqePsRAphsr1fDop2ucBwwIi43LnBQSisQ\", \"e\": \"AQAB\"}, {\"kty\": "
    "\"EC\", \"ki"
    "d\": \"e1\", \"use\": \"sig\", \"crv\": \"P-256\", \"x\": "
    "\"ubtaFFj6GopsfBiBNCqVdT5tlA-1jwxazsfd5p5HUSc\""
    ", \"y\": \"WjLBxFa0wRs442iGolmjx2wNuKIqIjwelVrU_AWfapk\"}]}";
constexpr const char* kRs256 =
    "eyJhbGciOiJSUzI1NiIsImtpZCI6InIxIn0.eyJpc3MiOiJodHRwczovL2lzc3Vlci5leGFtcGxlIiwic3ViIjoiMj"
    "Q4Mjg5NzYxMDAxIiwiYXVkIjoidmlnaWwiLCJub25jZSI6Im4tMFM2X1d6QTJNaiIsImV4cCI6NDEwMjQ0NDgwMCwi"
    "aWF0IjoxNzAwMDAwMDAwLCJlbWFpbCI6ImFkYUBleGFtcGxlLmNvbSJ9.lbnxZqoG7YumyvTY2CjW-hw8GDE2CUmgz"
    "M5k5t5hiCEGUKi_0BQI3juYdZescBqYAOGljoTkpk2kN0AEwxynICfwyRwdcJz3tcRzfVyYMwMrpiR2SCIEv4usL2y"
    "H598WgRDqs9I7AAHyAX8EACDK0RxjW8JybErgTbMewLKhj27icW_ZipeLJxrf4i-8Bjb4qh6vShtBOvCxyQmO2eiaO"
    "_zm9kPxGMjcy1UsPZElHs1i8ZMVlln7uDjxoegwpF89mM7TmlJNQsL4M1NXuSpa0PAiTWPMgmx7g1h4u4jOvz8zx0H"
    "QJxtZYqGnL2hxci1GMrXFqDfEkD40zjaooOa9Ig";
constexpr const char* kEs256 =
    "eyJhbGciOiJFUzI1NiIsImtpZCI6ImUxIn0.eyJpc3MiOiJodHRwczovL2lzc3Vlci5leGFtcGxlIiwic3ViIjoiMj"
    "Q4Mjg5NzYxMDAxIiwiYXVkIjoidmlnaWwiLCJub25jZSI6Im4tMFM2X1d6QTJNaiIsImV4cCI6NDEwMjQ0NDgwMCwi"
    "aWF0IjoxNzAwMDAwMDAwLCJlbWFpbCI6ImFkYUBleGFtcGxlLmNvbSJ9.Ya-Mes8C24SaD57YEL0wnM0QteZZINvQF"
    "SM78wDBfd5Ci8Ot398o5xTkbBqOSee_eOKlbJ22B4A1lbowd4h9iw";
constexpr const char* kTampered =
    "eyJhbGciOiJSUzI1NiIsImtpZCI6InIxIn0.eyJpc3MiOiJodHRwczovL2lzc3Vlci5leGFtcGxlIiwic3ViIjoic2"
    "9tZW9uZS1lbHNlIiwiYXVkIjoidmlnaWwiLCJub25jZSI6Im4tMFM2X1d6QTJNaiIsImV4cCI6NDEwMjQ0NDgwMCwi"
    "aWF0IjoxNzAwMDAwMDAwLCJlbWFpbCI6ImFkYUBleGFtcGxlLmNvbSJ9.lbnxZqoG7YumyvTY2CjW-hw8GDE2CUmgz"
    "M5k5t5hiCEGUKi_0BQI3juYdZescBqYAOGljoTkpk2kN0AEwxynICfwyRwdcJz3tcRzfVyYMwMrpiR2SCIEv4usL2y"
    "H598WgRDqs9I7AAHyAX8EACDK0RxjW8JybErgTbMewLKhj27icW_ZipeLJxrf4i-8Bjb4qh6vShtBOvCxyQmO2eiaO"
    "_zm9kPxGMjcy1UsPZElHs1i8ZMVlln7uDjxoegwpF89mM7TmlJNQsL4M1NXuSpa0PAiTWPMgmx7g1h4u4jOvz8zx0H"
    "QJxtZYqGnL2hxci1GMrXFqDfEkD40zjaooOa9Ig";
constexpr const char* kAlgNone =
    "eyJhbGciOiJub25lIn0.eyJpc3MiOiJodHRwczovL2lzc3Vlci5leGFtcGxlIiwic3ViIjoiMjQ4Mjg5NzYxMDAxIi"
    "wiYXVkIjoidmlnaWwiLCJub25jZSI6Im4tMFM2X1d6QTJNaiIsImV4cCI6NDEwMjQ0NDgwMCwiaWF0IjoxNzAwMDAw"
    "MDAwLCJlbWFpbCI6ImFkYUBleGFtcGxlLmNvbSJ9.";
constexpr const char* kHs256 =
    "eyJhbGciOiJIUzI1NiIsImtpZCI6InIxIn0.eyJpc3MiOiJodHRwczovL2lzc3Vlci5leGFtcGxlIiwic3ViIjoiMj"
    "Q4Mjg5NzYxMDAxIiwiYXVkIjoidmlnaWwiLCJub25jZSI6Im4tMFM2X1d6QTJNaiIsImV4cCI6NDEwMjQ0NDgwMCwi"
    "aWF0IjoxNzAwMDAwMDAwLCJlbWFpbCI6ImFkYUBleGFtcGxlLmNvbSJ9.pTuyJ-GoVf5iABF4m-nCoN1Rj-8YKWsYH"
    "R4ReLzvK-A";
constexpr const char* kUnknownKid =
    "eyJhbGciOiJSUzI1NiIsImtpZCI6InI5In0.eyJpc3MiOiJodHRwczovL2lzc3Vlci5leGFtcGxlIiwic3ViIjoiMj"
    "Q4Mjg5NzYxMDAxIiwiYXVkIjoidmlnaWwiLCJub25jZSI6Im4tMFM2X1d6QTJNaiIsImV4cCI6NDEwMjQ0NDgwMCwi"
    "aWF0IjoxNzAwMDAwMDAwLCJlbWFpbCI6ImFkYUBleGFtcGxlLmNvbSJ9.gnNBPNTlDScN77yrgw98IFcQ6rZF22Pp9"
    "ki8eNeQDFfOs-FHDWMcmfzEMLdBv1fYMUoQm1hhzzZXsqPAgDYfUQegD2ZYuZUY484GFQ9Od5X7i46OP-nxD-JtlvK"
    "We0KFLk3eVqLGkJxZfVE-aptsThob0RMXk-hETNGpEcTVJSmKIr00noH0eh8jF23sXMZH7RfmJ4aQ_omSWjZJlcnnB"
    "Ie3QsWOyYB2t_GKSNrPBAc3nEBtiWB7o2iat1K_N7eGDaPwk6A1s8y59IL4JmPtYlaZT2ZTA4EA1LwZah81Q1pC2Do"
    "HLhLmTimeXoEx4zIc8TuBhNObjXQkg6tj3bJeww";
constexpr const char* kTwoAudiencesNoAzp =
    "eyJhbGciOiJSUzI1NiIsImtpZCI6InIxIn0.eyJpc3MiOiJodHRwczovL2lzc3Vlci5leGFtcGxlIiwic3ViIjoiMj"
    "Q4Mjg5NzYxMDAxIiwiYXVkIjpbInZpZ2lsIiwib3RoZXIiXSwibm9uY2UiOiJuLTBTNl9XekEyTWoiLCJleHAiOjQx"
    "MDI0NDQ4MDAsImlhdCI6MTcwMDAwMDAwMCwiZW1haWwiOiJhZGFAZXhhbXBsZS5jb20ifQ.NS6lSYgUMNkOPzUYhHR"
    "UKUL4fg82oIWtkq_Ug2ho3pnl-bsbJCbkUfwsz1gwXxyYB37YNaKf-LIC7Ojm9l5mVsJt4CPnDjm9WYu_ayek53S8v"
    "ql4UMGw1vBeIavU4SRBXhr1csuV4bYw0UHxx2_7axF_tyBEIKeGxIDDWrlZ4Ozvk5vhzsEmeJPRiAiz0bTCCrOgkZB"
    "vhUYWp9cggIBRRr493w9i4gz0f_3LZ4I1evXq4YGvF4SuEUBLlC3kHPCetdu3UzznJ0p2LcV9L5Vl0gx6OyUMhnEcT"
    "lrTmSZe_Qcgdel0YRot0bY43zzwyk8r0JUWdHB1AVUVqhAUrCBRhg";
constexpr const char* kTwoAudiencesAzp =
    "eyJhbGciOiJSUzI1NiIsImtpZCI6InIxIn0.eyJpc3MiOiJodHRwczovL2lzc3Vlci5leGFtcGxlIiwic3ViIjoiMj"
    "Q4Mjg5NzYxMDAxIiwiYXVkIjpbInZpZ2lsIiwib3RoZXIiXSwibm9uY2UiOiJuLTBTNl9XekEyTWoiLCJleHAiOjQx"
    "MDI0NDQ4MDAsImlhdCI6MTcwMDAwMDAwMCwiZW1haWwiOiJhZGFAZXhhbXBsZS5jb20iLCJhenAiOiJ2aWdpbCJ9.l"
    "DT6onuAqT6BevxBJ9DnXJ7ZdaLkuu-wftn7oUeLoSwbgpR1k4_u4awXPBR1S7RTSsek-d2ZMNIg5dFIQOjGT9KBIlV"
    "foU8kbM5iFMZ4l07DAC0aDDMgUVQlabkgUR8S_Wu61bGHYAW1B5DXKQbQQU18Gjor1egUhvYdIIdrpLGe2DKYbxZOB"
    "1ABRCvQD0rRnmCEosivO8M_ShtJDX8ms0A1loudVYFvGmrkYCUGf6FGhq3_uyZJ32TkSdVnSVW2Ufc2NZQwY--riAM"
    "ErfmYXYnQaAIZhmQY7uuSRkYgLhu2XP3GBn4yo0_KTzURGllIYS_G4O0jxjpqzuRZB_zmmg";
constexpr const char* kCrit =
    "eyJhbGciOiJSUzI1NiIsImtpZCI6InIxIiwiY3JpdCI6WyJleHAiXX0.eyJpc3MiOiJodHRwczovL2lzc3Vlci5leG"
    "FtcGxlIiwic3ViIjoiMjQ4Mjg5NzYxMDAxIiwiYXVkIjoidmlnaWwiLCJub25jZSI6Im4tMFM2X1d6QTJNaiIsImV4"
    "cCI6NDEwMjQ0NDgwMCwiaWF0IjoxNzAwMDAwMDAwLCJlbWFpbCI6ImFkYUBleGFtcGxlLmNvbSJ9.U0tNTb0pXpiX-"
    "79sxAFKIzqrbPztYMvsl78LYTCPl3eNtkQyLdKEj1mNuaaC5_SZFkP08__z74m1wdnwxpI825SwLfQgo1H3EDrm_MT"
    "POCggX6Dqmbk9V0mbcffD9Kknk8he8fShxGNQryB27v_b6ocHhi8Pvp4q83iswUlGzxOq0NMT-VCtq2-7aTzOE1Nnu"
    "g7KanmYV-AKWL6ee9nXPYYs3rNvY-LRMlKP-TStGfYSqCFhmSjr5qHqxUwjoxCNC-LRAlkTIBmJMuS1CCKkxXD3ZPQ"
    "ivz3Q5YCbztqAO6k2eFUvRa-teHulNk5JRyq-d9M3RU8jH2bIB12aZ3nIPg";
constexpr const char* kEcKeyAsRs256 =
    "eyJhbGciOiJSUzI1NiIsImtpZCI6ImUxIn0.eyJpc3MiOiJodHRwczovL2lzc3Vlci5leGFtcGxlIiwic3ViIjoiMj"
    "Q4Mjg5NzYxMDAxIiwiYXVkIjoidmlnaWwiLCJub25jZSI6Im4tMFM2X1d6QTJNaiIsImV4cCI6NDEwMjQ0NDgwMCwi"
    "aWF0IjoxNzAwMDAwMDAwLCJlbWFpbCI6ImFkYUBleGFtcGxlLmNvbSJ9.veR60bQXkGMxEgGprWjFRRIO5fXrEKl6Z"
    "h2_r14JwonCa4pt3msGPTitxBegdx0asgRAWEtDS_kjpBzd6j9bjQ";

}  // namespace vigil::auth::vectors
