#!/usr/bin/env perl
# Drop-in for ROUGE-1.5.5.pl (pyrouge, files2rouge): runs `precis rouge155` with the same arguments ($PRECIS or `precis` on PATH).
exec($ENV{PRECIS} // 'precis', 'rouge155', @ARGV) or die "ROUGE-1.5.5.pl: cannot run precis ($!): put it on PATH or set PRECIS\n";
