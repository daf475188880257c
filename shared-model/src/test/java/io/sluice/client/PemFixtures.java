package io.sluice.client;

/**
 * PEM files made once with openssl 3 (valid 100 years), so the PEM tests need no certificate
 * library: {@code openssl req -x509 -newkey ec ...}, {@code openssl x509 -req ...}, {@code openssl ec},
 * {@code openssl pkcs8 -topk8}.
 */
final class PemFixtures {

    private PemFixtures() {
    }

    /** The fixture CA (EC P-256, self-signed). */
    static final String CA = """
            -----BEGIN CERTIFICATE-----
            MIIBgTCCASegAwIBAgIULCEa4SD1bR447Pmp3K8XP5YO2V8wCgYIKoZIzj0EAwIw
            FTETMBEGA1UEAwwKRml4dHVyZSBDQTAgFw0yNjExMjMxODM1NDdaGA8yMTI2MTAz
            MDE4MzU0N1owFTETMBEGA1UEAwwKRml4dHVyZSBDQTBZMBMGByqGSM49AgEGCCqG
            SM49AwEHA0IABFcC1YMi0Fxmq9h5YwUwOlRENyA8MQd8ovl52M7D8IVh0vfogu5v
            rlQseG8F6bTCsqg64QWNLemFwLY9sG+QOnqjUzBRMB0GA1UdDgQWBBQjfvzqXhSp
            2AmK5WxSz6Y5p+sLZDAfBgNVHSMEGDAWgBQjfvzqXhSp2AmK5WxSz6Y5p+sLZDAP
            BgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIQDYSSVWa/LKyiEBD8H5
            BzuZlitfZU0ySsNOOX7S5ZBq/gIgI/JhOhNpZ5u7ispRaH3pbvcbjW4JSoWhUAdl
            76EHnn4=
            -----END CERTIFICATE-----
            """;

    /** A second, unrelated CA, for bundles. */
    static final String CA_2 = """
            -----BEGIN CERTIFICATE-----
            MIIBhTCCASugAwIBAgIUepzPge01SVmk7eCKxws+7PJj/JwwCgYIKoZIzj0EAwIw
            FzEVMBMGA1UEAwwMRml4dHVyZSBDQSAyMCAXDTI2MTEyMzE4MzU0N1oYDzIxMjYx
            MDMwMTgzNTQ3WjAXMRUwEwYDVQQDDAxGaXh0dXJlIENBIDIwWTATBgcqhkjOPQIB
            BggqhkjOPQMBBwNCAASwG3s3xTMjjvG63mxxot19H2DEIWqYX/F3P06HwD78N304
            JstSMBu3zXadDeRHp4rINjw5h1fjE960Legb8pl3o1MwUTAdBgNVHQ4EFgQUICLh
            VAu+nrMbQCijl1j+cEEcc9kwHwYDVR0jBBgwFoAUICLhVAu+nrMbQCijl1j+cEEc
            c9kwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiEA6eXDNrpJD67g
            8MBk3R9y3/xXQNl6KpvneT3sVqLAIGUCIA5wmACdUhX3UmorBoO8zA4jRXTwCGvk
            GyPeT6ZS+fFi
            -----END CERTIFICATE-----
            """;

    /** An EC P-256 certificate from CA: CN=ec-operator, OU=operator. */
    static final String EC_CERT = """
            -----BEGIN CERTIFICATE-----
            MIIBOzCB4QIUXB60FLK/0KsuW/pUV0I88SLo5KYwCgYIKoZIzj0EAwIwFTETMBEG
            A1UEAwwKRml4dHVyZSBDQTAgFw0yNjExMjMxODM1NDdaGA8yMTI2MTAzMDE4MzU0
            N1owKTERMA8GA1UECwwIb3BlcmF0b3IxFDASBgNVBAMMC2VjLW9wZXJhdG9yMFkw
            EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEbR6421qqzurDY+4akhAFuyao1iuGJGTV
            UXhYIlLqG9mShxDlMBrY2mq8fi2Z5ogcEuHrlsk7CEPue6DR68957DAKBggqhkjO
            PQQDAgNJADBGAiEApDxUS2+vT+iqan/ymbKmD7RuG/JcGuTFoY65suY1Q/UCIQCK
            8TZ8dW4zu6wcMXY3YI2hFhJEYSUeYBDyn5WHi8ZW/Q==
            -----END CERTIFICATE-----
            """;

    /** Its PKCS#8 key. */
    static final String EC_KEY = """
            -----BEGIN PRIVATE KEY-----
            MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgjtxbJ3+OnULixlEd
            kdJzFtf++88N7WI7fa7wEjsjyL6hRANCAARtHrjbWqrO6sNj7hqSEAW7JqjWK4Yk
            ZNVReFgiUuob2ZKHEOUwGtjaarx+LZnmiBwS4euWyTsIQ+57oNHrz3ns
            -----END PRIVATE KEY-----
            """;

    /** An RSA 2048 certificate from CA: CN=rsa-viewer, OU=viewer. */
    static final String RSA_CERT = """
            -----BEGIN CERTIFICATE-----
            MIICAjCCAakCFFwetBSyv9CrLlv6VFdCPPEi6OSnMAoGCCqGSM49BAMCMBUxEzAR
            BgNVBAMMCkZpeHR1cmUgQ0EwIBcNMjYxMTIzMTgzNTQ3WhgPMjEyNjEwMzAxODM1
            NDdaMCYxDzANBgNVBAsMBnZpZXdlcjETMBEGA1UEAwwKcnNhLXZpZXdlcjCCASIw
            DQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAMp1jEV1F+c/oWf7afPP6BkhIWx4
            xEsqmV2JWM2Az7xP+RiSNoz6csnvKEuicxjahbfBm8M261SKh6n4gA0FHopJuWc0
            YWgneBeeBSgT0qcu1AxoWrrZN72MbrXQP5HHzSX2J6mmXehC6I8HKTqitiEc9Kjr
            DDoC+8z4LiTbmKJZHaiAdbzdsSSIPGGYMHbOBofgCFx9i4G+1e074uDReGXyP/l2
            /6EHexHj1qTTsyhK6TRfOVwCcmY+WNPWjlu/RlZ7PMpR/51eUQ/7wfMqhMrb9U3N
            BtfPU3SkdpTU2fpgm+yjafIkavtikqEmifLDCbXRhliUQDO5FAMAX/0IDqMCAwEA
            ATAKBggqhkjOPQQDAgNHADBEAiAavx74LI9dFaTE5fY71Papk3gcB82OqFgdMWC0
            7ahcAQIgH5EASpUahz/xTEzAuO0gqU2aav4hamUK/KuI/AjiVv0=
            -----END CERTIFICATE-----
            """;

    /** Its PKCS#8 key. */
    static final String RSA_KEY = """
            -----BEGIN PRIVATE KEY-----
            MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDKdYxFdRfnP6Fn
            +2nzz+gZISFseMRLKpldiVjNgM+8T/kYkjaM+nLJ7yhLonMY2oW3wZvDNutUioep
            +IANBR6KSblnNGFoJ3gXngUoE9KnLtQMaFq62Te9jG610D+Rx80l9ieppl3oQuiP
            Byk6orYhHPSo6ww6AvvM+C4k25iiWR2ogHW83bEkiDxhmDB2zgaH4AhcfYuBvtXt
            O+Lg0Xhl8j/5dv+hB3sR49ak07MoSuk0XzlcAnJmPljT1o5bv0ZWezzKUf+dXlEP
            +8HzKoTK2/VNzQbXz1N0pHaU1Nn6YJvso2nyJGr7YpKhJonywwm10YZYlEAzuRQD
            AF/9CA6jAgMBAAECggEANEV6JFqxg7aFfTvHpLfKhGZt4zwg7gk/FIvH/jLiL4v0
            U7g4Vli5N1LEdBaqocGVoZZemV2+D5M+qI8svG/UbT7QnAlFlucN1gcp7KmFiz2H
            aPauaix3/DvcP5vXNdPAryrpHZ+DAlr4ASmHpwhofo8jydL50qZ/jXGMNF7v/wYO
            lDvnHjDgVPtCgdObL+pQuKGmqWlpecghC8PFNFPisFkerYo8gZRQmpVXok+xamW/
            d8tNgmItvvmQf2W+tWztZFs89LNqzhtieRDVnhCc5XtKfK+/++8cC3VCFFAGQF1Q
            iDYV2SiyATRC5Q8tOD7vjlpcw7NuxwxCgmIFfxA+PQKBgQDnPNzEEHZ2gYV2eU//
            szwlLhx/U36JU9SpHWA6piHf1zdYHeMcskf2bnXGUG2zPQ9vPFM7NW20Z0PQvg52
            ch+uWQ9EkTtkpDAQHaVqLqapYpuoXj8Vq5+gq6MwBOHB/LQDbCWN2yHYqGgKZAyM
            PzFu0024KZpMOLvpoipeby3zNQKBgQDgI8Bjt4YIU1RcB34awfVgvCNkUJDC0FJU
            ZHx4SimAktkmOhvLdEyybfpbaGrgI0jxnOzEr43F5h21UMaWHvXu81Av3tmQo7X4
            7EvBxkggRo/1TjtU/qj2VnRSA6qlD45tzF1cSWIgpFtKuXsO48q8v326pnd/pE+e
            8SJCzoMddwKBgF1n92F3qPKbxTajME6ArzXxl29TYdTFOS0LAbkPLLXHsMJ2aCxK
            U8lWu1pdWMLDUn3DZ3eOUH9EC1/BtgPge62oqgMvi0dPD18jKpNmvsnDXE85qs/t
            ILD9RBD8l9kNZAXR5KWVs+lZtZUk7vCkAirbThSrMXnCnR119RlqXaxVAoGBAMDs
            xPqPyyR7ZU9Ze6fYbzb2eZgs6I1m9paBb8myPArZW2PV/Hqg/itPEoF/XQ7UEEM3
            iWy6ltNSgRvCDUzGFXW5pLmvnaEr6MP70DFYVFjDo8HHtrYwBIsUW0cEtOsiervz
            fiCjYX0rOxEUmeF1HNpeEQCJrK4HZiku8QiD7MN9AoGAddcL5IbtwjGQ9M3F2MT5
            Tr7srHid9IByNOG1EJ12REBErHZ/lYfBeIAgaLBNaMgjT+zdm5dOSMEBuKgmCdn8
            bRi372X9575d20o1nN4GXa6O/MtgHkkie+arYSlBX22pS3cMpv/OO+O2Oe8J0rRV
            77v8w1iJBipAcStgkt3eDoM=
            -----END PRIVATE KEY-----
            """;

    /** EC_KEY in the old SEC1 format (BEGIN EC PRIVATE KEY). */
    static final String EC_KEY_SEC1 = """
            -----BEGIN EC PRIVATE KEY-----
            MHcCAQEEII7cWyd/jp1C4sZRHZHScxbX/vvPDe1iO32u8BI7I8i+oAoGCCqGSM49
            AwEHoUQDQgAEbR6421qqzurDY+4akhAFuyao1iuGJGTVUXhYIlLqG9mShxDlMBrY
            2mq8fi2Z5ogcEuHrlsk7CEPue6DR68957A==
            -----END EC PRIVATE KEY-----
            """;

    /** EC_KEY encrypted with password 'secret'. */
    static final String EC_KEY_ENCRYPTED = """
            -----BEGIN ENCRYPTED PRIVATE KEY-----
            MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAgig3zhqkOLKwICCAAw
            DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEKmWTX+WvVcM95M6yO0yfl4EgZDs
            WiYgVvkACBtOIUI9K7ryrWz6dmY/5a1kUL+217lNbx3QPZ4/Qtb3Nh5KGIHRi3fz
            5t7JL79cuV0B9nVGkNu6cnDkVr5d0eeI9AoUdO2yW1oMA0pEJGy8D14GEGQZrYNo
            DoKSAPYKAh6KqYIg1XG+3BjiuOy+S6SX32wbMfk3tGlY22htkYMj7Y9a1MDAF10=
            -----END ENCRYPTED PRIVATE KEY-----
            """;

    /** Another EC P-256 key, which belongs to no certificate here. */
    static final String OTHER_EC_KEY = """
            -----BEGIN PRIVATE KEY-----
            MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgc1eLtrSkI/2NTQMN
            twJWO89t4BPCuiwo1mxGruhEy8ahRANCAASycTv3qw3d8K5dhFaTAFLvxpqsuyxn
            13e+ubFYoiFzm8n9omBlTgsaH4QeG2r3k7pqT5d6Fnb6DxlbglWXYufx
            -----END PRIVATE KEY-----
            """;
}
