-- Host networking let every tenant reach the host's loopback: hosts that used it move to isolated instances.
UPDATE "hosts" SET "network_mode" = 'isolated' WHERE "network_mode" = 'host';
