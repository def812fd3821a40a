// A parse thread that ends before answering anything: the sink must notice and parse itself.
process.exit(3);
